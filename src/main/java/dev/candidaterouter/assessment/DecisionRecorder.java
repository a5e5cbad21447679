package dev.candidaterouter.assessment;

import dev.candidaterouter.camel.drools.DroolsConstants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.knit.InboxEvent;
import dev.candidaterouter.knit.InboxOutcome;
import dev.candidaterouter.masking.ContactMask;
import dev.candidaterouter.metrics.RouterMetrics;
import java.time.Clock;
import java.time.Duration;
import dev.candidaterouter.candidate.CandidateLifecycle;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.knit.KnitEvent;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the rules' decision: adds the audit trail (fired rules, rule-set version), stores it with the profile
 * the rules saw, plans the sends, and writes the one log line per candidate operators read.
 */
public class DecisionRecorder {
    /** Exchange property holding the {@link CandidateProfile} the rules evaluated. */
    public static final String PROFILE = "profile";

    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.decisions");

    private final DecisionRepository decisions;
    private final SendPlanner dispatches;
    private final ObjectMapper mapper;
    private final RouterMetrics metrics;
    private final Clock clock;

    public DecisionRecorder(DecisionRepository decisions, SendPlanner dispatches, ObjectMapper mapper,
            RouterMetrics metrics, Clock clock) {
        this.decisions = decisions;
        this.dispatches = dispatches;
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
    }

    public void record(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        AssessmentDecision decision = in.getBody(AssessmentDecision.class);
        CandidateProfile profile = exchange.getProperty(PROFILE, CandidateProfile.class);
        KnitEvent event = exchange.getProperty(CandidateLifecycle.EVENT, KnitEvent.class);
        if (decision == null) {
            throw new IllegalStateException("the rules produced no AssessmentDecision for candidate "
                    + profile.getCandidateId() + ": every candidate must get one (check the rule files)");
        }
        if (decision.getCandidateId() == null) {
            decision.setCandidateId(profile.getCandidateId());
        }
        @SuppressWarnings("unchecked")
        List<String> fired = in.getHeader(DroolsConstants.FIRED_RULES, List.class);
        if (fired != null) {
            decision.setReasons(fired);
        }
        decision.setRulesetVersion(in.getHeader(DroolsConstants.RULESET_VERSION, String.class));
        String profileJson = exchange.getProperty(CandidateLifecycle.PROFILE_JSON, String.class);
        long id = decisions.record(event.integrationId(), event.eventId(), decision,
                profileJson != null ? profileJson : mapper.writeValueAsString(profile));
        List<Channel> planned = dispatches.plan(id, event.integrationId(), decision);
        InboxEvent received = exchange.getProperty(InboxOutcome.EVENT, InboxEvent.class);
        metrics.decision(decision.getAssessmentId(), decision.getReasons(),
                received == null || received.receivedAt() == null ? null : Duration.between(received.receivedAt(), clock.instant()));
        LOG.info("candidate {} ({}) -> {} via {} email={} phone={}{}", decision.getCandidateId(),
                ContactMask.name(profile.getFirstName(), profile.getLastName()), decision.getAssessmentId(),
                decision.isUnreachable() ? "[unreachable: nothing sent]" : decision.getChannels(),
                ContactMask.email(profile.getPreferredEmail()), ContactMask.phone(profile.getPreferredPhone()),
                !decision.isUnreachable() && planned.size() < decision.getChannels().size()
                        ? " (already invited on " + (decision.getChannels().size() - planned.size()) + " channel(s))" : "");
        in.setBody(decision);
    }
}
