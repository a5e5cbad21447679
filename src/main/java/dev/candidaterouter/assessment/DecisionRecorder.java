package dev.candidaterouter.assessment;

import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.PendingSends;
import dev.candidaterouter.knit.InboxEvent;
import dev.candidaterouter.knit.KnitEvent;
import dev.candidaterouter.masking.ContactMask;
import dev.candidaterouter.masking.LogSafeText;
import dev.candidaterouter.metrics.RouterMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
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
    private final PendingSends pendingSends;
    private final RouterMetrics metrics;
    private final Clock clock;

    /** @param pendingSends where sends not made yet are cancelled when the rules no longer invite the candidate */
    public DecisionRecorder(DecisionRepository decisions, SendPlanner dispatches, PendingSends pendingSends,
            RouterMetrics metrics, Clock clock) {
        this.decisions = decisions;
        this.dispatches = dispatches;
        this.pendingSends = pendingSends;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param decision what the rules decided for {@code profile}
     * @param firedRules the rules that fired, in order (the audit trail)
     * @param rulesetVersion the version of the rule set that decided
     * @param profileJson the profile's JSON form, as stored with the candidate
     * @param inboxEvent the inbox row the event came in, whose receipt time gives the decision latency (null: not
     *        measured)
     * @return the decision, completed with its audit trail
     */
    public AssessmentDecision record(AssessmentDecision decision, List<String> firedRules, String rulesetVersion,
            KnitEvent event, CandidateProfile profile, String profileJson, InboxEvent inboxEvent) {
        Instant receivedAt = inboxEvent == null ? null : inboxEvent.receivedAt();
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
        if (!decision.isInvited()) {
            // Withdrawal: what was planned for an earlier decision and not sent yet no longer applies.
            int cancelled = pendingSends.cancelPending(event.integrationId(), decision.getCandidateId(),
                    PendingSends.WITHDRAWN + decision.getNotInvitedReason());
            LOG.info("candidate {} ({}) -> {} not invited: {}; {}{}", decision.getCandidateId(),
                    ContactMask.name(profile.getFirstName(), profile.getLastName()), decision.getAssessmentId(),
                    decision.getNotInvitedReason(), applications(profile),
                    cancelled > 0 ? "; " + cancelled + " pending send(s) cancelled" : "");
            return decision;
        }
        LOG.info("candidate {} ({}) -> {} via {} email={} phone={}{}; invited: {}", decision.getCandidateId(),
                ContactMask.name(profile.getFirstName(), profile.getLastName()), decision.getAssessmentId(),
                decision.isUnreachable() ? "[unreachable: nothing sent]" : decision.getChannels(),
                ContactMask.email(profile.getPreferredEmail()), ContactMask.phone(profile.getPreferredPhone()),
                !decision.isUnreachable() && planned.size() < decision.getChannels().size()
                        ? " (already invited on " + (decision.getChannels().size() - planned.size()) + " channel(s))" : "",
                profile.isApplicationsTracked() ? applications(profile) : "applications not tracked (KNIT_DATA_TYPES)");
        return decision;
    }

    /** {@link #record} of the decision the rules made before the transaction ({@link DecidedAhead#stillHolds}). */
    public AssessmentDecision recordMadeAhead(DecidedAhead ahead, KnitEvent event, CandidateProfile profile,
            String profileJson, InboxEvent inboxEvent) {
        return record(ahead.decision(), ahead.firedRules(), ahead.rulesetVersion(), event, profile, profileJson, inboxEvent);
    }

    /** The candidate's applications for the log line: ids, status and stage (no personal data). */
    private static String applications(CandidateProfile profile) {
        if (profile.getApplications().isEmpty()) {
            return "no application";
        }
        return "applications " + profile.getApplications().stream()
                .map(a -> a.getId() + " " + a.getStatus() + " at '" + LogSafeText.mask(String.valueOf(a.getStage())) + "'")
                .collect(Collectors.joining(", "));
    }
}
