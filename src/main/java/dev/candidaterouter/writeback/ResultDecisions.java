package dev.candidaterouter.writeback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.candidate.ApplicationRepository;
import dev.candidaterouter.candidate.CandidateLocks;
import dev.candidaterouter.candidate.Job;
import dev.candidaterouter.candidate.JobApplication;
import dev.candidaterouter.candidate.JobRepository;
import dev.candidaterouter.dispatch.DispatchJob;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.masking.LogSafeText;
import dev.candidaterouter.store.Jdbc;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides stored assessment results (table {@code assessment_result}, state {@code received}) with the result rules
 * (routes/result-actions.yaml): claims them like the inbox, gives the rules an {@link AssessmentResult} fact, and
 * records what they decided — the rule set's version, the rules that fired, the {@link AtsAction}s — together with
 * one send of channel KNIT per action (dispatch table, kinds {@code result-*}), in the result's transaction. The
 * sends' unique target (candidate, assessment, kind, application) keeps every write to one, however often a result
 * is decided.
 */
public class ResultDecisions {
    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.results");
    public static final String RECEIVED = "received";
    public static final String DECIDED = "decided";
    public static final String FAILED = "failed";

    /** The result's own data and its invitation's: what the facts and the sends are built from. */
    record Stored(long id, String integrationId, String candidateId, String assessmentId, String status, Double score,
            Double maxScore, Double percentage, String reportUrl, long decisionId, String track, String level) {
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final String instanceId;
    private final Duration claimTimeout;
    private final int maxAttempts;
    private final ApplicationRepository applications;
    private final JobRepository jobs;
    private final DispatchRepository dispatches;
    private final AtsNotes notes;
    private final ObjectMapper mapper;
    private final CandidateLocks candidateLocks;

    /**
     * @param claimTimeout after this a claim of a crashed process is taken over, and a failed attempt tried again
     * @param maxAttempts attempts before a result is {@value #FAILED} (a dead letter, with the reason)
     */
    public ResultDecisions(DataSource dataSource, Clock clock, String instanceId, Duration claimTimeout, int maxAttempts,
            ApplicationRepository applications, JobRepository jobs, DispatchRepository dispatches, AtsNotes notes,
            ObjectMapper mapper, CandidateLocks candidateLocks) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.instanceId = instanceId;
        this.claimTimeout = claimTimeout;
        this.maxAttempts = maxAttempts;
        this.applications = applications;
        this.jobs = jobs;
        this.dispatches = dispatches;
        this.notes = notes;
        this.mapper = mapper;
        this.candidateLocks = candidateLocks;
    }

    /**
     * Claims up to {@code batchSize} results to decide: received ones nobody holds, and ones whose claim (or failed
     * attempt) is older than the claim timeout.
     *
     * @return their ids, oldest first
     */
    public List<Long> claim(int batchSize) {
        Instant now = clock.instant();
        Instant expired = now.minus(claimTimeout);
        List<Long> due = jdbc.query("""
                SELECT id FROM assessment_result WHERE state = ? AND (claimed_at IS NULL OR claimed_at < ?)
                 ORDER BY id LIMIT %d""".formatted(batchSize), rs -> rs.getLong(1), RECEIVED, expired);
        List<Long> taken = new ArrayList<>();
        for (long id : due) {
            if (jdbc.update("""
                    UPDATE assessment_result SET claimed_by = ?, claimed_at = ?, attempts = attempts + 1
                     WHERE id = ? AND state = ? AND (claimed_at IS NULL OR claimed_at < ?)""",
                    instanceId, now, id, RECEIVED, expired) == 1) {
                taken.add(id);
            }
        }
        return taken;
    }

    /**
     * Locks the result's candidate for the result's transaction (the route's), like every event about them: a
     * deletion or erasure processed meanwhile waits for this decision, or this one sees it. The route's first step.
     */
    public void lockCandidate(long resultId) {
        Stored r = stored(resultId);
        candidateLocks.lock(r.integrationId(), r.candidateId());
    }

    /** The fact the result rules decide on (read only: a backtest builds its facts here too). */
    public AssessmentResult facts(long resultId) {
        Stored r = stored(resultId);
        List<ResultApplication> views = new ArrayList<>();
        List<ApplicationRepository.Stored> held = applications.ofCandidate(r.integrationId(), r.candidateId());
        Map<String, Job> jobsById = jobs.find(r.integrationId(), held.stream().map(s -> s.application().jobId()).toList());
        for (ApplicationRepository.Stored s : held) {
            JobApplication a = s.application();
            Job job = a.jobId() == null ? null : jobsById.get(a.jobId());
            String stageId = a.currentStage() == null ? null : a.currentStage().id();
            String stageName = a.currentStage() == null ? null : a.currentStage().name();
            if (stageName == null && stageId != null && job != null) {
                stageName = job.stages().stream().filter(st -> stageId.equals(st.id())).map(st -> st.name()).findFirst().orElse(null);
            }
            views.add(new ResultApplication(a.id(), a.jobId(), a.status(), stageName, stageId, job == null ? List.of() : job.stages()));
        }
        return new AssessmentResult(r.id(), r.candidateId(), r.assessmentId(), r.track(), r.level(), r.score(), r.maxScore(),
                r.percentage(), r.status(), r.reportUrl(), orderOf(r), views, notes.enabledFor(r.integrationId()));
    }

    /**
     * Records what the rules decided and plans one send per action; in the caller's transaction (the route's), so
     * the result is decided with its sends or not at all. A candidate deleted (or erased) in the ATS meanwhile gets no
     * writes: the result is decided with no actions and the reason. Only the claim's holder records the decision: a
     * claim that expired (a slow decision) may have been taken and decided by another process, whose decision stands;
     * this one then throws, and its transaction, planned sends included, is rolled back.
     *
     * @param verdict what the rules made of the score ({@code passed}, {@code failed}, {@code not scored}; null when
     *        they gave none, e.g. an expired invitation), kept for the console's count of passes
     */
    public void decided(long resultId, List<AtsAction> actions, List<String> firedRules, String rulesetVersion, String verdict) {
        Stored r = stored(resultId);
        String reason = candidateGone(r) ? CANDIDATE_DELETED : null;
        List<AtsAction> decided = actions == null || reason != null ? List.of() : actions;
        String orderId = orderOf(r);
        List<String> planned = new ArrayList<>();
        for (AtsAction action : decided) {
            String kind = switch (action.getType()) {
                case AtsAction.ORDER_STATUS -> "EXPIRED".equals(action.getOrderStatus()) ? DispatchJob.ORDER_EXPIRED
                        : DispatchJob.RESULT_ORDER;
                case AtsAction.ATTACHMENT -> DispatchJob.RESULT_ATTACHMENT;
                case AtsAction.STAGE_MOVE -> DispatchJob.RESULT_STAGE;
                case AtsAction.NOTE -> DispatchJob.RESULT_NOTE;
                default -> throw new IllegalArgumentException("the result rules asked for an unknown ATS action '"
                        + action.getType() + "'");
            };
            if (action.getType().equals(AtsAction.ORDER_STATUS) && orderId == null) {
                throw new IllegalArgumentException("the result rules asked for an order status, but result " + resultId
                        + " carried out no order");
            }
            boolean newlyPlanned = kind.equals(DispatchJob.ORDER_EXPIRED)
                    // The same report the expiry of the invitation plans (InvitationFollowUps): keyed alike, made once.
                    ? dispatches.planOrderReport(r.integrationId(), r.candidateId(), r.assessmentId(), r.decisionId(),
                            orderId, kind, clock.instant())
                    : dispatches.planAtsWrite(r.integrationId(), r.candidateId(), r.assessmentId(), r.decisionId(), kind,
                            action.getApplicationId(), resultId, action.getType().equals(AtsAction.ORDER_STATUS) ? orderId : null);
            planned.add(action + (newlyPlanned ? "" : " (planned already)"));
        }
        Boolean passed = "passed".equals(verdict) ? Boolean.TRUE : "failed".equals(verdict) ? Boolean.FALSE : null;
        if (jdbc.update("""
                UPDATE assessment_result SET state = ?, ruleset_version = ?, fired_rules = ?, actions_json = ?, decided_at = ?,
                                             reason = ?, passed = ?, claimed_by = NULL, claimed_at = NULL
                 WHERE id = ? AND state = ? AND claimed_by = ?""", DECIDED, rulesetVersion,
                firedRules == null ? "" : String.join("\n", firedRules), json(decided), clock.instant(), reason, passed,
                resultId, RECEIVED, instanceId) != 1) {
            throw new IllegalStateException("result " + resultId + " is no longer claimed by this process (its claim expired"
                    + " and another process took it): its decision is left to that process");
        }
        LOG.info("result {} of candidate {} for {} ({} {}%): {}", resultId, r.candidateId(), r.assessmentId(), r.status(),
                r.percentage() == null ? "-" : r.percentage(), reason != null ? reason + ", nothing written to the ATS"
                        : planned.isEmpty() ? "nothing to write to the ATS" : planned);
    }

    /** The reason a result of a deleted (or erased) candidate is decided with no writes. */
    public static final String CANDIDATE_DELETED = "candidate deleted";

    /** Deleted in the ATS, or erased (no profile of an active candidate left): nothing goes back to the ATS. */
    private boolean candidateGone(Stored r) {
        return jdbc.queryOne("""
                SELECT 1 FROM candidate WHERE integration_id = ? AND candidate_id = ? AND state = 'active'
                   AND profile_json IS NOT NULL""", rs -> rs.getInt(1), r.integrationId(), r.candidateId()).isEmpty();
    }

    /**
     * The rules could not run on the result (or its sends could not be planned): tried again after the claim
     * timeout, and after {@code maxAttempts} attempts kept as {@value #FAILED} with the reason.
     */
    public void failed(long resultId, Throwable error) {
        String reason = error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage();
        reason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        int attempts = jdbc.queryOne("SELECT attempts FROM assessment_result WHERE id = ?", rs -> rs.getInt(1), resultId).orElse(0);
        // Only while this process holds the claim: a result another process took over (and decided) is left alone.
        if (attempts >= maxAttempts) {
            jdbc.update("UPDATE assessment_result SET state = ?, reason = ?, claimed_by = NULL WHERE id = ? AND state = ? AND claimed_by = ?",
                    FAILED, reason, resultId, RECEIVED, instanceId);
            LOG.warn("result {} failed for good after {} attempts: {}", resultId, attempts, LogSafeText.mask(reason));
        } else {
            // claimed_at stays: the next attempt comes once the claim timeout has passed.
            jdbc.update("UPDATE assessment_result SET reason = ?, claimed_by = NULL WHERE id = ? AND state = ? AND claimed_by = ?",
                    reason, resultId, RECEIVED, instanceId);
            LOG.warn("result {} could not be decided (attempt {}), tried again later: {}", resultId, attempts, LogSafeText.mask(reason));
        }
    }

    private Stored stored(long resultId) {
        return jdbc.queryOne("""
                SELECT r.id, r.integration_id, r.candidate_id, r.assessment_id, r.status, r.score, r.max_score, r.percentage,
                       r.report_url, inv.decision_id, dec.track, dec.level
                  FROM assessment_result r
                  JOIN dispatch inv ON inv.id = r.invitation_dispatch_id
                  JOIN decision dec ON dec.id = inv.decision_id
                 WHERE r.id = ?""",
                rs -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        number(rs, 6), number(rs, 7), number(rs, 8), rs.getString(9), rs.getLong(10), rs.getString(11),
                        rs.getString(12)),
                resultId).orElseThrow(() -> new IllegalStateException("assessment result " + resultId
                        + " or its invitation (dispatch row) is not stored"));
    }

    /** The ATS order the result's invitation carried out: the one whose 'invited' report was planned with it. */
    private String orderOf(Stored r) {
        return jdbc.queryOne("""
                SELECT order_id FROM dispatch
                 WHERE integration_id = ? AND candidate_id = ? AND assessment_id = ? AND channel = 'KNIT' AND kind = ?""",
                rs -> rs.getString(1), r.integrationId(), r.candidateId(), r.assessmentId(), DispatchJob.ORDER_INVITED)
                .orElse(null);
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.doubleValue();
    }

    private String json(List<AtsAction> actions) {
        try {
            return mapper.writeValueAsString(actions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
