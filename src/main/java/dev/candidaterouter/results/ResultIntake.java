package dev.candidaterouter.results;

import dev.candidaterouter.dispatch.DispatchJob;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.dispatch.InvitationFollowUps;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a result comes in, for the callback, the poll and the simulated platform alike: the report is stored in
 * {@code result_inbox} (unique per invitation and status, so a repeat from anyone is a duplicate), and in the same
 * transaction matched to its invitation — the ASSESSMENT dispatch row whose provider_id is the report's invitationId.
 * A match becomes one {@code assessment_result} row in state {@code received} (the result rules take it from there)
 * and ends the invitation's follow-up: no reminder after a result. A report whose invitation is not known yet
 * (the platform called back before our markSent committed) waits and is matched later ({@link #matchWaiting}), and is
 * quarantined as an unknown invitation after {@code matchWindow}. A deleted candidate's result is kept as an outcome
 * only, without the report (no personal data), and never becomes a result that could be written back.
 */
public class ResultIntake {
    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.results");

    /** result_inbox states. */
    public static final String WAITING = "waiting";
    public static final String MATCHED = "matched";
    public static final String QUARANTINED = "quarantined";
    public static final String CANDIDATE_DELETED = "candidate_deleted";

    /** What became of a report, as the webhook answers it. */
    public enum Outcome {
        /** Stored as the invitation's result. */
        STORED,
        /** This invitation's result with this status was already stored (or is waiting): nothing new. */
        DUPLICATE,
        /** The invitation is not known yet: kept, matched when it is, quarantined after the window. */
        PENDING,
        /** The candidate was deleted: kept as an outcome without the report, never written back. */
        CANDIDATE_DELETED,
        /** Unreadable, or an invitation still unknown after the window: kept with the reason. */
        QUARANTINED;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final Duration matchWindow;
    private final RouterMetrics metrics;
    private final ResultReportReader reader;

    public ResultIntake(DataSource dataSource, Clock clock, Duration matchWindow, RouterMetrics metrics, ResultReportReader reader) {
        this.reader = reader;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.matchWindow = matchWindow;
        this.metrics = metrics;
    }

    /** Stores a readable report and matches it to its invitation, in one transaction. */
    public Outcome accept(ResultReport report, String source) {
        Instant now = clock.instant();
        Outcome outcome = jdbc.inTransaction(() -> {
            OptionalLong row = jdbc.insertIfAbsentReturningKey("""
                    INSERT INTO result_inbox (source, invitation_id, status, dedup_key, body, body_sha256, received_at, state,
                                              next_match_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", "id",
                    source, report.invitationId(), report.status(), report.dedupKey(), storable(report.body()),
                    sha256(report.body().getBytes(StandardCharsets.UTF_8)), now, WAITING, now);
            return row.isEmpty() ? Outcome.DUPLICATE : match(row.getAsLong(), report, source, now, now);
        });
        metrics.assessmentResult(source, report.status(), outcome.text());
        return outcome;
    }

    /** Stores an unreadable report as quarantined with the reason (once per body: the same bytes again are a duplicate). */
    public Outcome quarantine(byte[] body, String reason, String source) {
        String sha = sha256(body);
        boolean stored = jdbc.insertIfAbsent("""
                INSERT INTO result_inbox (source, dedup_key, body, body_sha256, received_at, state, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                source, "body:" + sha, storable(new String(body, StandardCharsets.UTF_8)), sha, clock.instant(), QUARANTINED,
                clip(reason));
        Outcome outcome = stored ? Outcome.QUARANTINED : Outcome.DUPLICATE;
        metrics.assessmentResult(source, "unreadable", outcome.text());
        return outcome;
    }

    /**
     * Tries again to match up to {@code limit} waiting reports whose time has come: each is taken by a conditional
     * update, so with several processes each try happens once.
     *
     * @return how many were matched, deleted or quarantined (no longer waiting)
     */
    public int matchWaiting(int limit) {
        Instant now = clock.instant();
        List<Object[]> due = jdbc.query("""
                SELECT id, source, body, match_attempts, received_at FROM result_inbox
                 WHERE state = ? AND next_match_at <= ? ORDER BY state, next_match_at LIMIT %d""".formatted(limit),
                rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), Jdbc.instant(rs, "received_at")},
                WAITING, now);
        int settled = 0;
        for (Object[] row : due) {
            long id = (Long) row[0];
            ResultReport report = reader.generic(((String) row[2]).getBytes(StandardCharsets.UTF_8), false);
            Outcome outcome = jdbc.inTransaction(() -> {
                if (jdbc.update("UPDATE result_inbox SET match_attempts = match_attempts + 1 WHERE id = ? AND state = ? AND match_attempts = ?",
                        id, WAITING, row[3]) == 0) {
                    return Outcome.DUPLICATE; // another process took this try
                }
                return match(id, report, (String) row[1], (Instant) row[4], now);
            });
            if (outcome != Outcome.PENDING && outcome != Outcome.DUPLICATE) {
                settled++;
                metrics.assessmentResult((String) row[1], report.status(), outcome.text());
            }
        }
        return settled;
    }

    /**
     * The invitation a result names. {@code channel = 'ASSESSMENT'}, a literal, is also the condition of the partial
     * index on provider_id (SQLite V19, PostgreSQL V20): without it the lookup would read every send. Public for the
     * plan tests of other packages (PartialIndexGenericPlanTest).
     */
    public static final String INVITATION_BY_PROVIDER_ID = """
            SELECT id, integration_id, candidate_id, assessment_id FROM dispatch
             WHERE provider_id = ? AND channel = 'ASSESSMENT' AND kind = ? ORDER BY id LIMIT 1""";

    private Outcome match(long inboxId, ResultReport report, String source, Instant receivedAt, Instant now) {
        Optional<Invitation> found = jdbc.queryOne(INVITATION_BY_PROVIDER_ID,
                rs -> new Invitation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                report.invitationId(), DispatchJob.INVITATION);
        if (found.isEmpty()) {
            if (receivedAt.plus(matchWindow).isAfter(now)) {
                // Seconds apart at first (the invitation is being marked sent), then up to a minute.
                long attempts = jdbc.count("SELECT match_attempts FROM result_inbox WHERE id = ?", inboxId);
                Duration wait = Duration.ofSeconds(Math.min(60, 1L << Math.min(6, attempts)));
                jdbc.update("UPDATE result_inbox SET next_match_at = ? WHERE id = ?", now.plus(wait), inboxId);
                LOG.info("result {} of invitation {} ({}): the invitation is not known yet, kept and matched later",
                        report.status(), report.invitationId(), source);
                return Outcome.PENDING;
            }
            // The report gives up its place in the unique key: should the invitation turn up after all, the platform's
            // next delivery of this result is stored, not answered as a duplicate of a quarantined row.
            jdbc.update("UPDATE result_inbox SET state = ?, reason = ?, dedup_key = ?, next_match_at = NULL, matched_at = ? WHERE id = ?",
                    QUARANTINED, "unknown invitation: no invitation we sent has this invitationId (waited " + matchWindow + ")",
                    "unknown:" + inboxId, now, inboxId);
            LOG.warn("result {} of invitation {} ({}) quarantined: unknown invitation", report.status(), report.invitationId(), source);
            return Outcome.QUARANTINED;
        }
        Invitation invitation = found.get();
        endFollowUp(invitation, report.status(), now);
        if (jdbc.count("SELECT COUNT(*) FROM candidate WHERE integration_id = ? AND candidate_id = ? AND state = 'deleted'",
                invitation.integrationId(), invitation.candidateId()) > 0) {
            // The report may name the candidate (a report URL with their name): it is not kept.
            jdbc.update("UPDATE result_inbox SET state = ?, reason = ?, body = NULL, next_match_at = NULL, matched_at = ? WHERE id = ?",
                    CANDIDATE_DELETED, "the candidate was deleted in the ATS: the result is not kept and never written back",
                    now, inboxId);
            LOG.info("result {} for deleted candidate {}: not kept", report.status(), invitation.candidateId());
            return Outcome.CANDIDATE_DELETED;
        }
        if (ResultReport.EXPIRED.equals(report.status()) && jdbc.count(
                "SELECT COUNT(*) FROM assessment_result WHERE invitation_dispatch_id = ? AND status = ?",
                invitation.id(), ResultReport.COMPLETED) > 0) {
            // The candidate finished the test: a later "expired" changes nothing and must not be written back.
            jdbc.update("UPDATE result_inbox SET state = ?, reason = ?, next_match_at = NULL, matched_at = ? WHERE id = ?",
                    MATCHED, "superseded: the invitation already has a completed result", now, inboxId);
            return Outcome.DUPLICATE;
        }
        OptionalLong result = jdbc.insertIfAbsentReturningKey("""
                INSERT INTO assessment_result (invitation_dispatch_id, invitation_id, integration_id, candidate_id, assessment_id,
                                               status, score, max_score, percentage, report_url, completed_at, source, body,
                                               received_at, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", "id",
                invitation.id(), report.invitationId(), invitation.integrationId(), invitation.candidateId(),
                invitation.assessmentId(), report.status(), report.score(), report.maxScore(), report.percentageOrComputed(),
                report.reportUrl(), report.completedAt(), source, storable(report.body()), receivedAt, "received");
        long resultId = result.isPresent() ? result.getAsLong() : jdbc.queryOne(
                "SELECT id FROM assessment_result WHERE invitation_dispatch_id = ? AND status = ?", rs -> rs.getLong(1),
                invitation.id(), report.status()).orElseThrow();
        jdbc.update("UPDATE result_inbox SET state = ?, result_id = ?, next_match_at = NULL, matched_at = ?, reason = ? WHERE id = ?",
                MATCHED, resultId, now, result.isPresent() ? null : "already stored by another report", inboxId);
        if (result.isEmpty()) {
            return Outcome.DUPLICATE;
        }
        LOG.info("candidate {}: assessment {} result {} stored (score {}, from {})", invitation.candidateId(),
                invitation.assessmentId(), report.status(), report.score(), source);
        return Outcome.STORED;
    }

    /**
     * A result ends the invitation's follow-up: {@code completed} (also after our own expiry: the result counts and
     * is written back), or {@code expired} when the platform says so; reminders not sent yet are cancelled. The
     * reminder and expiry steps act only on open, reminded and reminder_skipped invitations.
     */
    private void endFollowUp(Invitation invitation, String status, Instant now) {
        // Settled: polling it again could only find the same answer (an invitation the platform reported expired
        // would otherwise be asked until RESULT_POLL_AFTER_EXPIRY past our own expiry).
        jdbc.update("UPDATE dispatch SET next_result_poll_at = ? WHERE id = ?", ResultPolls.NEVER, invitation.id());
        boolean completed = ResultReport.COMPLETED.equals(status);
        int changed = completed
                ? jdbc.update("UPDATE dispatch SET invitation_state = ?, updated_at = ? WHERE id = ? AND (invitation_state IS NULL OR invitation_state <> ?)",
                        InvitationFollowUps.COMPLETED, now, invitation.id(), InvitationFollowUps.COMPLETED)
                : jdbc.update("UPDATE dispatch SET invitation_state = ?, updated_at = ? WHERE id = ? AND invitation_state IN (?, ?, ?)",
                        InvitationFollowUps.EXPIRED, now, invitation.id(), InvitationFollowUps.OPEN, InvitationFollowUps.REMINDED,
                        InvitationFollowUps.REMINDER_SKIPPED);
        if (changed > 0) {
            jdbc.update("""
                    UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?
                     WHERE kind = ? AND status = ? AND integration_id = ? AND candidate_id = ? AND assessment_id = ?""",
                    DispatchRepository.CANCELLED, completed ? "reminder not sent: the result arrived first"
                            : "reminder not sent: the platform reported the invitation expired", now,
                    DispatchJob.REMINDER, DispatchRepository.PENDING, invitation.integrationId(), invitation.candidateId(),
                    invitation.assessmentId());
        }
    }

    /** Reports by result_inbox state (tests, admin). */
    public long count(String state) {
        return jdbc.count("SELECT COUNT(*) FROM result_inbox WHERE state = ?", state);
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PostgreSQL refuses NUL in text (see InboxRepository): kept as U+FFFD; body_sha256 names the exact bytes. */
    private static String storable(String body) {
        return body == null ? null : body.replace('\u0000', '\uFFFD');
    }

    private static String clip(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private record Invitation(long id, String integrationId, String candidateId, String assessmentId) {
    }
}
