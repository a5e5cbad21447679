package dev.candidaterouter.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.knit.KnitEvent;
import dev.candidaterouter.masking.LogSafeText;
import dev.candidaterouter.store.Jdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.ResolveEndpointFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow rules' decisions (RULES_SHADOW_DIR): stored beside the live ones, one per event, and nothing else — no
 * send is planned, no decision metric counted, no pending send cancelled. Failures of the shadow rules are logged
 * and counted here ({@code candidate_router_shadow_failures_total}); they never reach the live decision.
 */
public class ShadowDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowDecisions.class);

    static final Duration COMPILE_RETRY = Duration.ofSeconds(10);

    private final Jdbc jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Counter failures;
    private final Counter skipped;
    private final Counter dropped;
    /** After shadow rules failed to compile, events before this instant are not tried (see {@link #ready}). */
    private volatile Instant compileRetryAt = Instant.MIN;

    public ShadowDecisions(DataSource dataSource, ObjectMapper mapper, Clock clock, MeterRegistry registry) {
        this.jdbc = new Jdbc(dataSource);
        this.mapper = mapper;
        this.clock = clock;
        this.failures = Counter.builder("candidate_router_shadow_failures_total")
                .description("Shadow rule evaluations that failed (the live decision is not affected)")
                .register(registry);
        this.skipped = Counter.builder("candidate_router_shadow_skipped_total")
                .description("Live decisions the shadow rules did not see: their files did not compile a moment ago")
                .register(registry);
        this.dropped = Counter.builder("candidate_router_shadow_dropped_total")
                .description("Live decisions the shadow rules did not see: too many were waiting for the shadow's thread")
                .register(registry);
    }

    /** A live decision the shadow will not see: its queue was full. Counted, and logged once per thousand. */
    public void dropped() {
        dropped.increment();
        if ((long) dropped.count() % 1000 == 1) {
            LOG.warn("shadow rules fall behind live traffic: {} live decisions not shadowed so far (queue full)", (long) dropped.count());
        }
    }

    /**
     * Whether the shadow rules are worth trying for this event. After they failed to compile, the next
     * {@link #COMPILE_RETRY} of events is skipped (and counted): compiling for every event would make the shadow's
     * one thread fall ever further behind live traffic while the files stay broken.
     */
    public boolean ready() {
        if (clock.instant().isBefore(compileRetryAt)) {
            skipped.increment();
            return false;
        }
        return true;
    }

    /**
     * The profile the shadow rules decide on: a fresh copy from the JSON stored with the live decision, so neither
     * rule set sees what the other's rules may have changed on its facts.
     */
    public CandidateProfile profile(String profileJson) throws JsonProcessingException {
        return mapper.readValue(profileJson, CandidateProfile.class);
    }

    /** @return true when stored, false when this event has a shadow decision already (reprocessed event) */
    public boolean record(AssessmentDecision d, List<String> firedRules, String rulesetVersion, KnitEvent event,
            String candidateId) {
        if (d == null) {
            throw new IllegalStateException("the shadow rules produced no AssessmentDecision for candidate " + candidateId);
        }
        return jdbc.insertIfAbsent("""
                INSERT INTO shadow_decision (integration_id, candidate_id, event_id, assessment_id, track, level,
                                             channels, unreachable, invited, not_invited_reason, fired_rules,
                                             ruleset_version, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                event.integrationId(), d.getCandidateId() == null ? candidateId : d.getCandidateId(), event.eventId(),
                d.getAssessmentId(), d.getTrack(), d.getLevel(),
                d.getChannels().stream().map(Enum::name).collect(Collectors.joining(",")), d.isUnreachable(),
                d.isInvited(), clip(d.getNotInvitedReason()),
                String.join("\n", firedRules == null ? d.getReasons() : firedRules),
                rulesetVersion == null ? "" : rulesetVersion, clock.instant());
    }

    /** The shadow rules failed for {@code candidateId}'s event: logged (no personal data) and counted. */
    public void failed(String candidateId, Exception e) {
        failures.increment();
        if (e instanceof ResolveEndpointFailedException) { // the drools: endpoint did not start: its rules do not compile
            compileRetryAt = clock.instant().plus(COMPILE_RETRY);
        }
        LOG.warn("shadow rules failed for candidate {} (the live decision stands): {}", candidateId,
                LogSafeText.mask(rootMessage(e)));
    }

    /** The innermost cause says what is wrong (a compile error, the rule's exception), not Camel's wrapping. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
    }

    private static String clip(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 2000);
    }
}
