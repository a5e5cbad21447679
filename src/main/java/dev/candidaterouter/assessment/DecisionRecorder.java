package dev.candidaterouter.assessment;

import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.knit.KnitEvent;
import dev.candidaterouter.masking.ContactMask;
import dev.candidaterouter.metrics.RouterMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the rules' decision: adds the audit trail (fired rules, rule-set version), stores it with the profile
 * the rules saw, plans the sends, and writes the one log line per candidate operators read.
 */
public class DecisionRecorder {
    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.decisions");

    private final DecisionRepository decisions;
    private final SendPlanner dispatches;
    private final RouterMetrics metrics;
    private final Clock clock;

    public DecisionRecorder(DecisionRepository decisions, SendPlanner dispatches, RouterMetrics metrics,
            Clock clock) {
        this.decisions = decisions;
        this.dispatches = dispatches;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param decision what the rules decided for {@code profile}
     * @param firedRules the rules that fired, in order (the audit trail)
     * @param rulesetVersion the version of the rule set that decided
     * @param profileJson the profile's JSON form, as stored with the candidate
     * @param receivedAt when the event reached our inbox, for the decision latency (null: not measured)
     * @return the decision, completed with its audit trail
     */
    public AssessmentDecision record(AssessmentDecision decision, List<String> firedRules, String rulesetVersion,
            KnitEvent event, CandidateProfile profile, String profileJson, Instant receivedAt) {
        if (decision == null) {
            throw new IllegalStateException("the rules produced no AssessmentDecision for candidate "
                    + profile.getCandidateId() + ": every candidate must get one (check the rule files)");
        }
        if (decision.getCandidateId() == null) {
            decision.setCandidateId(profile.getCandidateId());
        }
        if (firedRules != null) {
            decision.setReasons(firedRules);
        }
        decision.setRulesetVersion(rulesetVersion);
        long id = decisions.record(event.integrationId(), event.eventId(), decision, profileJson);
        List<Channel> planned = dispatches.plan(id, event.integrationId(), decision);
        metrics.decision(decision.getAssessmentId(), decision.getReasons(),
                receivedAt == null ? null : Duration.between(receivedAt, clock.instant()));
        LOG.info("candidate {} ({}) -> {} via {} email={} phone={}{}", decision.getCandidateId(),
                ContactMask.name(profile.getFirstName(), profile.getLastName()), decision.getAssessmentId(),
                decision.isUnreachable() ? "[unreachable: nothing sent]" : decision.getChannels(),
                ContactMask.email(profile.getPreferredEmail()), ContactMask.phone(profile.getPreferredPhone()),
                !decision.isUnreachable() && planned.size() < decision.getChannels().size()
                        ? " (already invited on " + (decision.getChannels().size() - planned.size()) + " channel(s))" : "");
        return decision;
    }
}
