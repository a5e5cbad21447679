package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.AssessmentDecision;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.assessment.SendPlanner;
import dev.candidaterouter.candidate.PendingSends;
import dev.candidaterouter.store.DurableCommits;
import dev.candidaterouter.store.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The dispatch table: one row per (integration, candidate, assessment, channel), unique, so however often a
 * decision is replayed or however many processes run, a candidate is sent each thing at most once. Rows are
 * claimed by conditional updates like the inbox; a claim left by a crashed process expires. Notifications become
 * due only once the invitation they link to was sent.
 */
public class DispatchRepository implements SendPlanner, PendingSends {
    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String FAILED_PERMANENT = "failed_permanent";
    public static final String DEAD = "dead";
    public static final String CANCELLED = "cancelled";
    /** Outcome unknown (e.g. an SMS whose request timed out): a person decides whether to resend. */
    public static final String REVIEW = "review";

    /** Notifications become due only once their invitation was sent (one parameter: the sent state). */
    private static final String INVITATION_SENT_OR_IS_ONE = """
            (d.channel = 'ASSESSMENT' OR EXISTS (
                SELECT 1 FROM dispatch a WHERE a.integration_id = d.integration_id AND a.candidate_id = d.candidate_id
                   AND a.assessment_id = d.assessment_id AND a.channel = 'ASSESSMENT' AND a.status = ?))
            """;

    private static final String JOB_COLUMNS = """
            d.id, d.dispatch_key, d.integration_id, d.candidate_id, d.assessment_id, d.channel, d.attempts, d.decision_id,
            dec.level, dec.fired_rules, dec.profile_json,
            (SELECT a.test_url FROM dispatch a WHERE a.integration_id = d.integration_id AND a.candidate_id = d.candidate_id
                AND a.assessment_id = d.assessment_id AND a.channel = 'ASSESSMENT') AS test_url,
            d.kind, d.order_id, d.application_id, d.result_id, d.remind_after_seconds, d.expires_after_seconds
            """;

    /**
     * A result's stage move waits until its application's attachment was written: the recruiter who sees the
     * candidate in the next stage finds the result that put them there. (No parameters.)
     */
    private static final String ATTACHMENT_WRITTEN_OR_NO_MOVE = """
             AND (d.kind <> 'result-stage' OR EXISTS (
                SELECT 1 FROM dispatch w WHERE w.result_id = d.result_id AND w.application_id = d.application_id
                   AND w.kind = 'result-attachment' AND w.status IN ('sent', 'review')))
            """;

    /**
     * Due sends of one channel, oldest first. The ORDER BY names the index's columns from the first
     * ({@code ix_dispatch_due_channel}: status, channel, next_attempt_at, id): H2 reads in index order only then,
     * otherwise it sorts every pending row.
     *
     * <p>The state is written into the polls' SQL, not bound: PostgreSQL plans a statement run often once for any
     * parameters (a generic plan), and not knowing that the state asked for is a rare one it chose to read the whole
     * table — every poll of every channel, growing with the table; at 20,000 candidates more than half of the server's
     * time (BENCHMARKS.md, round 22).
     */
    static final String DUE_QUERY = """
            SELECT d.id FROM dispatch d
             WHERE d.status = 'pending' AND d.channel = ? AND d.next_attempt_at <= ? AND """ + INVITATION_SENT_OR_IS_ONE
            + ATTACHMENT_WRITTEN_OR_NO_MOVE + """
             ORDER BY d.status, d.channel, d.next_attempt_at, d.id
             LIMIT %d""";

    /** Sends of one channel whose claim expired (the process that claimed them stopped), in the order they were planned. */
    static final String EXPIRED_CLAIMS_QUERY = """
            SELECT d.id FROM dispatch d
             WHERE d.status = 'sending' AND d.channel = ? AND d.claimed_at < ? AND """ + INVITATION_SENT_OR_IS_ONE
            + ATTACHMENT_WRITTEN_OR_NO_MOVE + """
             ORDER BY d.id
             LIMIT %d""";

    /** The sends ({@code %s}: which ones) whose claim expired after their call had started. */
    static final String STOPPED_MID_CALL = " WHERE status = 'sending' AND %s AND claimed_at < ? AND call_started_at IS NOT NULL";

    private final Jdbc jdbc;
    private final Clock clock;
    private final String instanceId;
    private final Duration claimTimeout;
    private final boolean retryUnknownSms;
    private final Duration reminderAfter;
    private final Duration expiresAfter;
    private final DurableCommits durableCommits;

    /** With the follow-up defaults of REMINDER_AFTER and INVITATION_EXPIRES_AFTER (three and seven days). */
    public DispatchRepository(DataSource dataSource, Clock clock, String instanceId, Duration claimTimeout,
            boolean retryUnknownSms) {
        this(dataSource, clock, instanceId, claimTimeout, retryUnknownSms, Duration.ofDays(3), Duration.ofDays(7));
    }

    /** Without durable marks of started calls (commits durable on their own, as on PostgreSQL). */
    public DispatchRepository(DataSource dataSource, Clock clock, String instanceId, Duration claimTimeout,
            boolean retryUnknownSms, Duration reminderAfter, Duration expiresAfter) {
        this(dataSource, clock, instanceId, claimTimeout, retryUnknownSms, reminderAfter, expiresAfter, null);
    }

    /**
     * @param reminderAfter how long after an invitation went out its reminder follows, unless the rules said otherwise
     * @param expiresAfter how long after it went out an invitation expires, unless the rules said otherwise
     * @param durableCommits makes the mark of a started call that must not be repeated survive a crash (null: the
     *     database's commits are durable already)
     */
    public DispatchRepository(DataSource dataSource, Clock clock, String instanceId, Duration claimTimeout,
            boolean retryUnknownSms, Duration reminderAfter, Duration expiresAfter, DurableCommits durableCommits) {
        this.durableCommits = durableCommits;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.instanceId = instanceId;
        this.claimTimeout = claimTimeout;
        this.retryUnknownSms = retryUnknownSms;
        this.reminderAfter = reminderAfter;
        this.expiresAfter = expiresAfter;
    }

    /**
     * Creates the pending sends a decision asks for. A send that exists already (same candidate, assessment and
     * channel) is left as it is: this is what keeps a candidate from being invited twice.
     *
     * @return the channels newly planned
     */
    @Override
    public List<Channel> plan(long decisionId, String integrationId, AssessmentDecision decision) {
        List<Channel> planned = new ArrayList<>();
        if (!decision.isInvited() || decision.isUnreachable() || decision.getAssessmentId() == null) {
            return planned;
        }
        Instant now = clock.instant();
        // The invitation's follow-up is fixed with the decision: the rules' own durations, else the defaults.
        long remindAfterSeconds = (decision.getReminderAfter() == null ? reminderAfter : decision.getReminderAfter()).toSeconds();
        long expiresAfterSeconds = (decision.getExpiresAfter() == null ? expiresAfter : decision.getExpiresAfter()).toSeconds();
        // Every send of the decision in one insert (and the ATS order's report: it hears back once the invitation went
        // out, and like a notification waits for it).
        Map<Channel, String> keys = new LinkedHashMap<>(); // in the decision's order, as planned returns them
        List<Object[]> rows = new ArrayList<>();
        for (Channel channel : decision.getChannels()) {
            String key = DispatchKey.of(integrationId, decision.getCandidateId(), decision.getAssessmentId(), channel);
            keys.put(channel, key);
            boolean invitation = channel == Channel.ASSESSMENT;
            rows.add(new Object[] {key, integrationId, decision.getCandidateId(), decision.getAssessmentId(),
                    channel.name(), decisionId, PENDING, now, now, now, DispatchJob.INVITATION,
                    invitation ? remindAfterSeconds : null, invitation ? expiresAfterSeconds : null, null});
        }
        if (decision.getOrderId() != null && decision.getChannels().contains(Channel.ASSESSMENT)) {
            rows.add(orderReportRow(integrationId, decision.getCandidateId(), decision.getAssessmentId(), decisionId,
                    decision.getOrderId(), DispatchJob.ORDER_INVITED, now));
        }
        Set<Object> inserted = jdbc.insertAllIfAbsent("dispatch", PLANNED_COLUMNS, rows);
        for (Map.Entry<Channel, String> send : keys.entrySet()) {
            // A send that exists already (same candidate, assessment and channel) is left as it is, unless it was
            // withdrawn before it went out (the rules stopped inviting) and is invited again now: it goes out after all.
            if (inserted.contains(send.getValue()) || jdbc.update("""
                    UPDATE dispatch SET status = ?, last_error = NULL, attempts = 0, decision_id = ?, next_attempt_at = ?,
                                        updated_at = ?
                     WHERE dispatch_key = ? AND status = ? AND last_error LIKE ?""",
                    PENDING, decisionId, now, now, send.getValue(), CANCELLED, PendingSends.WITHDRAWN + "%") == 1) {
                planned.add(send.getKey());
            }
        }
        return planned;
    }

    /**
     * Plans one status report of an ATS order to Knit (channel KNIT, kind {@code kind}), once: a report that exists
     * already for the candidate's assessment is left as it is.
     *
     * @return whether it was newly planned
     */
    public boolean planOrderReport(String integrationId, String candidateId, String assessmentId, long decisionId,
            String orderId, String kind, Instant now) {
        return !jdbc.insertAllIfAbsent("dispatch", PLANNED_COLUMNS,
                List.<Object[]>of(orderReportRow(integrationId, candidateId, assessmentId, decisionId, orderId, kind, now)))
                .isEmpty();
    }

    /** The columns of a planned send (an invitation, a notification or an order report); {@code dispatch_key} first. */
    private static final String PLANNED_COLUMNS = """
            dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id, status, next_attempt_at,
            created_at, updated_at, kind, remind_after_seconds, expires_after_seconds, order_id""";

    /** An order report's row of {@link #PLANNED_COLUMNS}. */
    private static Object[] orderReportRow(String integrationId, String candidateId, String assessmentId, long decisionId,
            String orderId, String kind, Instant now) {
        return new Object[] {DispatchKey.orderReport(integrationId, orderId, kind), integrationId, candidateId,
                assessmentId, Channel.KNIT.name(), decisionId, PENDING, now, now, now, kind, null, null, orderId};
    }

    /**
     * Plans one write into the ATS for assessment result {@code resultId} (channel KNIT, {@code kind} one of the
     * {@code result-*} kinds of {@link DispatchJob}) on application {@code applicationId} ('' for none), once: a write
     * of the same kind on the same application for the candidate's assessment exists already, it is left as it is.
     * The order's report ({@link DispatchJob#RESULT_ORDER}) is keyed by the order like the other order reports.
     *
     * @param decisionId the invitation's decision
     * @return whether it was newly planned
     */
    public boolean planAtsWrite(String integrationId, String candidateId, String assessmentId, long decisionId,
            String kind, String applicationId, long resultId, String orderId) {
        Instant now = clock.instant();
        String application = applicationId == null ? "" : applicationId;
        String key = orderId != null ? DispatchKey.orderReport(integrationId, orderId, kind)
                : DispatchKey.atsWrite(integrationId, candidateId, assessmentId, kind, application);
        return jdbc.insertIfAbsent("""
                INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                      status, next_attempt_at, created_at, updated_at, kind, order_id, application_id,
                                      result_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                key, integrationId, candidateId, assessmentId, Channel.KNIT.name(), decisionId, PENDING, now, now, now, kind,
                orderId, application, resultId);
    }

    /**
     * Just before its provider is called: whether this process still holds the send's claim. A batch claimed together
     * is sent one by one; if a provider slowed down so much that a later send's claim expired, another process may have
     * taken it meanwhile, and then this one must not send it too.
     * <p>
     * A send that may be repeated, claimed less than half the claim timeout ago, is ours without asking the database:
     * no process takes a claim before it expires, and the call ends long before (the HTTP timeouts are seconds;
     * instances' clocks must agree within half the claim timeout). That spares the one writer a turn per send
     * (SQLite). Any other send renews its claim in the database, and one that must not be repeated also marks that
     * its call starts.
     */
    public boolean renewClaim(DispatchJob job) {
        Instant now = clock.instant();
        if (!job.isUnsafeToRepeat() && job.claimedAt() != null && now.isBefore(job.claimedAt().plus(claimTimeout.dividedBy(2)))) {
            return true;
        }
        // Also the mark that this attempt's call starts now (see V17): if the process dies from here on, the send may
        // have reached its provider. For a send that must not be repeated, the mark must outlive a kill -9 before the
        // call is made.
        boolean ours = jdbc.update("UPDATE dispatch SET claimed_at = ?, call_started_at = ? WHERE id = ? AND claimed_by = ? AND status = ?",
                now, now, job.id(), instanceId, SENDING) == 1;
        if (ours && job.isUnsafeToRepeat() && durableCommits != null) {
            durableCommits.flush();
        }
        return ours;
    }

    /**
     * The send, while this process still holds its claim ({@link #renewClaim}); null once another process has taken it.
     * For send-dispatch (dispatch.yaml): a bean step's answer that the next filter reads as the body, which spares
     * Camel the exchange copies of a bean call made as a filter's predicate on every send.
     */
    public DispatchJob stillClaimed(DispatchJob job) {
        return renewClaim(job) ? job : null;
    }

    /**
     * Claims the due sends of one channel: pending ones whose time has come (notifications only after their
     * invitation was sent), and ones whose claim expired. An expired SMS claim is ambiguous — the message may have
     * gone out — so it goes to review unless retrying unknown SMS outcomes is allowed.
     * <p>
     * At most {@code batchSize}, and no more than the channel may send in half the claim timeout at
     * {@code ratePerSecond}: the sends of a batch wait for their turn in the channel's throttle while claimed, and
     * must all be done before the claim could expire (and another process take the row and send it again).
     */
    public List<DispatchJob> claimDue(String channel, int batchSize, int ratePerSecond) {
        Channel.valueOf(channel); // a typo in a route must fail here, not claim nothing for ever
        return claimDue(channel, claimLimit(batchSize, ratePerSecond, claimTimeout));
    }

    /** How many sends one poll may claim: see {@link #claimDue(String, int, int)}. */
    static int claimLimit(int batchSize, int ratePerSecond, Duration claimTimeout) {
        long paced = Math.max(1, ratePerSecond * claimTimeout.toSeconds() / 2);
        return (int) Math.min(batchSize, paced);
    }

    private List<DispatchJob> claimDue(String channel, int limit) {
        Instant now = Jdbc.asStored(clock.instant()); // looked for by equality in the read of what was claimed
        Instant expired = now.minus(claimTimeout);
        // Claims that expired while a call that must not be repeated had started go to review, before the queries
        // below could take them again: an SMS unless SMS_RETRY_UNKNOWN, and an ATS note or attachment
        // (DispatchJob.isUnsafeToRepeat: Knit takes no idempotency key) whatever it says. The stage move that waits for
        // such an attachment goes ahead (the attachment most likely arrived; ATTACHMENT_WRITTEN_OR_NO_MOVE). Rows of
        // the claimed batch whose call never started are taken again below, like any expired claim.
        // Each on its channel's own poll: only that poll's queries below could take them again.
        if (channel.equals(Channel.SMS.name()) && !retryUnknownSms) {
            reviewStoppedMidCall("channel = 'SMS'", now, expired,
                    "outcome unknown: the process stopped while sending; check the SMS provider before replaying");
        }
        if (channel.equals(Channel.KNIT.name())) {
            reviewStoppedMidCall("channel = 'KNIT' AND kind IN (?, ?)", now, expired, ATS_WRITE_STOPPED,
                    DispatchJob.RESULT_NOTE, DispatchJob.RESULT_ATTACHMENT);
        }
        // One index range scan per state, in index order, so the database can stop after `limit` rows instead of
        // sorting every waiting send (an OR over states scanned every sent row). Both in one round trip (PostgreSQL):
        // most polls find nothing, and they are a poll per channel every DISPATCH_POLL_INTERVAL_MS.
        Jdbc.Both<Long, Long> found = Jdbc.bothTogether(
                jdbc.read(DUE_QUERY.formatted(limit), rs -> rs.getLong(1), channel, now, SENT),
                jdbc.read(EXPIRED_CLAIMS_QUERY.formatted(limit), rs -> rs.getLong(1), channel, expired, SENT));
        List<Long> due = new ArrayList<>(found.first());
        due.addAll(found.second().subList(0, Math.min(found.second().size(), limit - due.size())));
        if (due.isEmpty()) {
            return List.of(); // no transaction, so no turn at SQLite's writer, for a poll that found nothing
        }
        // One UPDATE for the batch, in one transaction with the read of what it took: one statement where a batch of
        // one per row cost the server a statement each (BENCHMARKS.md, round 24). Rows are locked in id order, so two
        // processes claiming at once on PostgreSQL wait for each other rather than deadlock (Jdbc.keysLockedInOrder).
        List<Object> claim = new ArrayList<>(List.of(SENDING, instanceId, now, now));
        claim.addAll(due);
        claim.addAll(List.of(PENDING, now, SENDING, expired));
        // What this claim took: the rows of the list it wrote its owner and moment on (a row it did not take has
        // another owner or state, or an older claim).
        List<Object> taken = new ArrayList<>(due);
        taken.addAll(List.of(SENDING, instanceId, now));
        return jdbc.inTransaction(() -> {
            int claimed = jdbc.update("""
                    UPDATE dispatch SET status = ?, claimed_by = ?, claimed_at = ?, attempts = attempts + 1, updated_at = ?,
                                        call_started_at = NULL
                     WHERE id IN""" + jdbc.keysLockedInOrder("dispatch", "id", due.size())
                    + " AND ((status = ? AND next_attempt_at <= ?) OR (status = ? AND claimed_at < ?))", claim.toArray());
            return claimed == 0 ? List.<DispatchJob>of() : jdbc.query("SELECT " + JOB_COLUMNS
                    + " FROM dispatch d JOIN decision dec ON dec.id = d.decision_id WHERE d.id IN" + Jdbc.inList(due.size())
                    + " AND d.status = ? AND d.claimed_by = ? AND d.claimed_at = ? ORDER BY d.next_attempt_at, d.id",
                    rs -> new DispatchJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), Channel.valueOf(rs.getString(6)), rs.getInt(7), rs.getLong(8),
                            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                            rs.getString(14), rs.getString(15), Jdbc.nullableLong(rs, 16), now, seconds(rs, 17),
                            seconds(rs, 18)),
                    taken.toArray());
        });
    }

    /**
     * Sends ({@code which}, with its arguments) whose claim expired after their call started go to review with
     * {@code reason}. Asked first with a read: a poll that finds none (nearly all) takes no turn at SQLite's one writer.
     */
    private void reviewStoppedMidCall(String which, Instant now, Instant expired, String reason, Object... whichArgs) {
        String stopped = STOPPED_MID_CALL.formatted(which);
        List<Object> args = new ArrayList<>(List.of(whichArgs));
        args.add(expired);
        if (jdbc.queryOne("SELECT 1 FROM dispatch" + stopped + " LIMIT 1", rs -> true, args.toArray()).isPresent()) {
            args.addAll(0, List.of(REVIEW, reason, now));
            jdbc.update("UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?" + stopped, args.toArray());
        }
    }

    /**
     * The send succeeded; {@code providerId} is the invitation id, Twilio sid or Message-ID. An invitation (the
     * assessment platform's) opens its follow-up: from now, its reminder and its expiry are counted, with the durations
     * its claim read. One statement, no transaction around it: on SQLite each send's outcome is a turn of the file's
     * one writer, and the inbox waits behind those turns (an invitation's outcome was three statements in a
     * transaction; BENCHMARKS.md, round 18, has what each kind of turn holds the writer).
     */
    public void markSent(DispatchJob job, String providerId, String testUrl) {
        Instant now = clock.instant();
        if (job.channel() != Channel.ASSESSMENT) {
            jdbc.update(UPDATE_SENT + " WHERE id = ?", SENT, clip(providerId), clip(testUrl), now, now, job.id());
            return;
        }
        Duration remindAfter = job.remindAfter() == null ? reminderAfter : job.remindAfter();
        Duration expiresAfter = job.expiresAfter() == null ? this.expiresAfter : job.expiresAfter();
        jdbc.update(UPDATE_SENT + ", invitation_state = ?, remind_at = ?, expires_at = ? WHERE id = ?",
                SENT, clip(providerId), clip(testUrl), now, now, InvitationFollowUps.OPEN, now.plus(remindAfter),
                now.plus(expiresAfter), job.id());
    }

    /** What every send's success sets; the caller adds its own columns and the WHERE clause. */
    private static final String UPDATE_SENT = """
            UPDATE dispatch SET status = ?, provider_id = ?, test_url = ?, last_error = NULL, sent_at = ?, updated_at = ?,
                                claimed_by = NULL, claimed_at = NULL""";

    /** A duration stored in seconds; null when the row has none (then the configured default counts). */
    private static Duration seconds(ResultSet rs, int column) throws SQLException {
        long seconds = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofSeconds(seconds);
    }

    /** A transient failure: try again at {@code nextAttemptAt}. */
    public void markRetry(long id, Instant nextAttemptAt, String error) {
        jdbc.update("""
                UPDATE dispatch SET status = ?, next_attempt_at = ?, last_error = ?, updated_at = ?, claimed_by = NULL,
                                    claimed_at = NULL
                 WHERE id = ?""", PENDING, nextAttemptAt, clip(error), clock.instant(), id);
    }

    /**
     * A final failure ({@link #FAILED_PERMANENT}, {@link #DEAD}, {@link #REVIEW}) or a cancellation. When the invitation
     * fails, its notifications are cancelled with the same reason: we never send a link that does not exist. When a
     * result's attachment fails, the stage move that waits for it is cancelled likewise (it would otherwise wait,
     * pending, for ever); a replay of the attachment brings it back.
     */
    public void markFailed(long id, String status, String error) {
        Instant now = clock.instant();
        // One transaction: nobody may see the invitation failed and its notifications still pending.
        jdbc.inTransaction(() -> {
            jdbc.update("""
                UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?, claimed_by = NULL, claimed_at = NULL
                 WHERE id = ?""", status, clip(error), now, id);
            // An attachment whose outcome is unknown (review) most likely arrived: its move goes ahead.
            if (!REVIEW.equals(status)) {
                jdbc.update("""
                    UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?
                     WHERE status = ? AND kind = ? AND EXISTS (
                           SELECT 1 FROM dispatch w WHERE w.id = ? AND w.kind = ?
                              AND w.result_id = dispatch.result_id AND w.application_id = dispatch.application_id)""",
                    CANCELLED, clip(ATTACHMENT_ENDED + status + ": " + error), now, PENDING, DispatchJob.RESULT_STAGE, id,
                    DispatchJob.RESULT_ATTACHMENT);
            }
            return jdbc.update("""
                UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?
                 WHERE status = ? AND channel <> 'ASSESSMENT' AND EXISTS (
                       SELECT 1 FROM dispatch a WHERE a.id = ? AND a.channel = 'ASSESSMENT'
                          AND a.integration_id = dispatch.integration_id AND a.candidate_id = dispatch.candidate_id
                          AND a.assessment_id = dispatch.assessment_id)""",
                CANCELLED, clip("invitation " + status + ": " + error), now, PENDING, id);
        });
    }

    private static final String ATS_WRITE_STOPPED =
            "outcome unknown: the process stopped while writing to the ATS; check the ATS before replaying";

    /** How the reason of a stage move cancelled with its attachment starts (a replay of the attachment looks for it). */
    static final String ATTACHMENT_ENDED = "its attachment ended ";

    /**
     * Ends an SMS that may not go out because its number opted out, with {@code status} ({@link #CANCELLED} when
     * found before sending, {@link #FAILED_PERMANENT} when Twilio refused it) and the reason; and, in the same
     * transaction, when {@code emailInstead} and the decision planned no email, plans one email instead (same
     * decision, due at once: its invitation was sent).
     *
     * @return whether an email was planned
     */
    public boolean endOptedOutSms(DispatchJob job, String status, String reason, boolean emailInstead) {
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            jdbc.update("""
                    UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?, claimed_by = NULL, claimed_at = NULL
                     WHERE id = ?""", status, clip(reason), now, job.id());
            if (!emailInstead) {
                return false;
            }
            String key = DispatchKey.of(job.integrationId(), job.candidateId(), job.assessmentId(), Channel.EMAIL);
            // A decision that planned an email already has its row (whatever became of it): nothing is added.
            return jdbc.insertIfAbsent("""
                    INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                          status, next_attempt_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    key, job.integrationId(), job.candidateId(), job.assessmentId(), Channel.EMAIL.name(), job.decisionId(),
                    PENDING, now, now, now);
        });
    }

    /**
     * Cancels every send still pending for a candidate (deleted in the ATS, or no longer invited). A withdrawal (the
     * reason starts with {@link PendingSends#WITHDRAWN}) leaves an assessment result's writes into the ATS alone:
     * they report what the candidate did, whether or not the rules would invite them now (a result's own stage move
     * takes the candidate out of the assessment stage, and with it out of the invitation).
     */
    @Override
    public int cancelPending(String integrationId, String candidateId, String reason) {
        boolean withdrawal = reason != null && reason.startsWith(PendingSends.WITHDRAWN);
        return jdbc.update("""
                UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?
                 WHERE integration_id = ? AND candidate_id = ? AND status = ?"""
                + (withdrawal ? " AND kind NOT LIKE 'result-%'" : ""),
                CANCELLED, clip(reason), clock.instant(), integrationId, candidateId, PENDING);
    }

    /**
     * What a replay put back: the rows of the filter, and the rows brought back with them (notifications with their
     * invitations, a result's stage moves with their attachments).
     */
    public record Replayed(List<Long> ids, List<Long> notificationsRestored) {
    }

    /**
     * Puts the failed sends that match {@code filter} back to pending, with a fresh attempt budget, so they go out
     * again with the same key. A replayed invitation brings back the notifications its failure had cancelled (they
     * wait again for its test link); notifications cancelled for another reason (the candidate was deleted) stay
     * cancelled.
     * <p>
     * Rows are updated {@value #REPLAY_CHUNK} at a time rather than one by one: a bulk replay of tens of thousands
     * of rows on a remote PostgreSQL would otherwise take longer than the HTTP idle timeout, which cuts off the
     * admin's request (the transaction is rolled back, and nothing is replayed).
     */
    public Replayed replay(ReplayFilter filter) {
        Instant now = clock.instant();
        // One transaction: otherwise the dispatcher could send a replayed invitation before its notifications
        // were brought back, and they would stay cancelled (they come back only while it is pending).
        return jdbc.inTransaction(() -> {
            List<Long> ids = new ArrayList<>();
            List<Long> replayable = replayable(filter);
            for (int from = 0; from < replayable.size(); from += REPLAY_CHUNK) {
                ids.addAll(putBackToPending(replayable.subList(from, Math.min(from + REPLAY_CHUNK, replayable.size())),
                        filter.statuses(), now));
            }
            List<Long> restored = new ArrayList<>();
            if (!ids.isEmpty()) {
                restored.addAll(restoreCancelledNotifications(now));
                restored.addAll(restoreCancelledStageMoves(now));
            }
            return new Replayed(ids, restored);
        });
    }

    /** How many rows one replay statement changes: well below the bind-parameter limits of H2 and PostgreSQL. */
    static final int REPLAY_CHUNK = 500;

    /**
     * Of {@code ids}, those still in one of {@code statuses}, now pending; the others (another process replayed or
     * claimed them meanwhile) are left alone. The rows are locked first (FOR UPDATE, or SQLite's one writer, waits for a concurrent replay to
     * commit, then sees the row as it left it): only rows this transaction holds are changed and reported, so two
     * replays running at once never both report the same row.
     */
    private List<Long> putBackToPending(List<Long> ids, Set<String> statuses, Instant now) {
        List<Object> args = new ArrayList<>(ids);
        args.addAll(statuses);
        List<Long> locked = jdbc.query("SELECT id FROM dispatch WHERE id IN" + Jdbc.inList(ids.size())
                + " AND status IN" + Jdbc.inList(statuses.size()) + " ORDER BY id" + jdbc.dialect().forUpdate(), rs -> rs.getLong(1), args.toArray());
        if (locked.isEmpty()) {
            return locked;
        }
        List<Object> update = new ArrayList<>(List.of(PENDING, now, now));
        update.addAll(locked);
        jdbc.update("UPDATE dispatch SET status = ?, attempts = 0, next_attempt_at = ?, updated_at = ?"
                + " WHERE id IN" + Jdbc.inList(locked.size()), update.toArray());
        return locked;
    }

    /** The ids of the failed sends that match {@code filter}, in id order: what {@link #replay} would put back. */
    public List<Long> replayable(ReplayFilter filter) {
        // Only fixed SQL fragments are put together; every value the caller gave is a bound parameter.
        StringBuilder sql = new StringBuilder("SELECT id FROM dispatch WHERE status IN").append(Jdbc.inList(filter.statuses().size()));
        List<Object> args = new ArrayList<>(filter.statuses());
        if (!filter.channels().isEmpty()) {
            sql.append(" AND channel IN").append(Jdbc.inList(filter.channels().size()));
            filter.channels().forEach(c -> args.add(c.name()));
        }
        if (filter.reason() != null) {
            sql.append(" AND LOWER(last_error) LIKE ? ESCAPE '!'");
            args.add("%" + filter.reason().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%");
        }
        if (filter.since() != null) {
            sql.append(" AND updated_at >= ?");
            args.add(filter.since());
        }
        if (filter.until() != null) {
            sql.append(" AND updated_at < ?");
            args.add(filter.until());
        }
        if (filter.id() != null) {
            sql.append(" AND id = ?");
            args.add(filter.id());
        }
        return jdbc.query(sql.append(" ORDER BY id").toString(), rs -> rs.getLong(1), args.toArray());
    }

    /** A send's status, empty when there is no such row. */
    public Optional<String> status(long id) {
        return jdbc.queryOne("SELECT status FROM dispatch WHERE id = ?", rs -> rs.getString(1), id);
    }

    /** Notifications cancelled because their invitation failed, whose invitation is pending again. */
    private List<Long> restoreCancelledNotifications(Instant now) {
        // Locked, then changed in sets, for the same reasons as the replayed rows themselves (see putBackToPending).
        List<Long> restored = jdbc.query("""
                SELECT id FROM dispatch
                 WHERE status = ? AND channel <> 'ASSESSMENT' AND last_error LIKE 'invitation %' AND EXISTS (
                       SELECT 1 FROM dispatch a WHERE a.channel = 'ASSESSMENT' AND a.status = ?
                          AND a.integration_id = dispatch.integration_id AND a.candidate_id = dispatch.candidate_id
                          AND a.assessment_id = dispatch.assessment_id)
                 ORDER BY id""", rs -> rs.getLong(1), CANCELLED, PENDING);
        List<Long> ids = new ArrayList<>();
        for (int from = 0; from < restored.size(); from += REPLAY_CHUNK) {
            ids.addAll(putBackToPending(restored.subList(from, Math.min(from + REPLAY_CHUNK, restored.size())),
                    Set.of(CANCELLED), now));
        }
        return ids;
    }

    /** Stage moves cancelled because their attachment failed, whose attachment is pending again. */
    private List<Long> restoreCancelledStageMoves(Instant now) {
        List<Long> restored = jdbc.query("""
                SELECT id FROM dispatch
                 WHERE status = ? AND kind = ? AND last_error LIKE ? AND EXISTS (
                       SELECT 1 FROM dispatch w WHERE w.result_id = dispatch.result_id
                          AND w.application_id = dispatch.application_id AND w.kind = ? AND w.status = ?)
                 ORDER BY id""", rs -> rs.getLong(1), CANCELLED, DispatchJob.RESULT_STAGE, ATTACHMENT_ENDED + "%",
                DispatchJob.RESULT_ATTACHMENT, PENDING);
        List<Long> ids = new ArrayList<>();
        for (int from = 0; from < restored.size(); from += REPLAY_CHUNK) {
            ids.addAll(putBackToPending(restored.subList(from, Math.min(from + REPLAY_CHUNK, restored.size())),
                    Set.of(CANCELLED), now));
        }
        return ids;
    }

    private static String clip(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
