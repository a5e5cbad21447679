package dev.candidaterouter.results;

import dev.candidaterouter.dispatch.DispatchJob;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.dispatch.InvitationFollowUps;
import dev.candidaterouter.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net under the callback (routes/assessment-results.yaml): every open invitation is asked for its result
 * every {@code interval} (RESULT_POLL_INTERVAL), and so is an expired one for {@code afterExpiry} more
 * (RESULT_POLL_AFTER_EXPIRY), so a late result is found. What the platform answers goes through {@link ResultIntake},
 * like a callback: a result found by both is stored once. An invitation is claimed for its poll by moving its
 * {@code next_result_poll_at} ahead first, so several processes ask once, and a failed poll just waits for the next.
 */
public class ResultPolls {
    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.results");
    /** No poll any more (HackerRank withdrew the invitation). */
    static final Instant NEVER = Instant.parse("9999-01-01T00:00:00Z");
    public static final String SOURCE = "poll";

    private final Jdbc jdbc;
    private final Clock clock;
    private final Duration interval;
    private final Duration afterExpiry;
    private final ResultIntake intake;
    private final ResultReportReader reader;

    public ResultPolls(DataSource dataSource, Clock clock, Duration interval, Duration afterExpiry, ResultIntake intake,
            ResultReportReader reader) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.interval = interval;
        this.afterExpiry = afterExpiry;
        this.intake = intake;
        this.reader = reader;
    }

    /** Claims up to {@code limit} invitations due for a poll (their next poll moves one interval ahead). */
    public List<OpenInvitation> due(int limit) {
        Instant now = clock.instant();
        return claim(jdbc, now, limit, "provider_id IS NOT NULL AND provider_id NOT LIKE 'outbox-%'",
                now.minus(interval), now.minus(afterExpiry), now.plus(interval));
    }

    /**
     * Invitations never polled, sent at least an interval ago ({@code %s}: which ones, {@code %d}: how many). With
     * {@link #POLL_DUE_QUERY} this reads {@code ix_dispatch_result_poll} (V20) in order and stops after a batch: the
     * state and expiry are checked on the rows read, not in the WHERE clause, so a row no longer to be polled is read
     * once and retired instead of being skipped by every poll (ResultPollPlanTest, ResultPollClaimTest). The ORDER BY
     * names the index's columns from the first (channel and kind are fixed): H2 reads in index order only then.
     */
    static final String NEVER_POLLED_QUERY = """
            SELECT id, provider_id, assessment_id, dispatch_key, sent_at, invitation_state, expires_at FROM dispatch
             WHERE channel = 'ASSESSMENT' AND kind = 'invitation' AND next_result_poll_at IS NULL AND sent_at <= ? AND %s
             ORDER BY channel, kind, next_result_poll_at, sent_at LIMIT %d""";

    /** Invitations whose next poll is due by {@code next_result_poll_at}. */
    static final String POLL_DUE_QUERY = """
            SELECT id, provider_id, assessment_id, dispatch_key, sent_at, invitation_state, expires_at FROM dispatch
             WHERE channel = 'ASSESSMENT' AND kind = 'invitation' AND next_result_poll_at <= ? AND %s
             ORDER BY channel, kind, next_result_poll_at, sent_at LIMIT %d""";

    /** Moves a row's next poll, if no other process moved it first. */
    private static final String MOVE_NEXT_POLL = """
            UPDATE dispatch SET next_result_poll_at = ?
             WHERE id = ? AND ((next_result_poll_at IS NULL AND sent_at <= ?) OR next_result_poll_at <= ?)""";

    /**
     * Claims up to {@code limit} invitations whose next poll is due: never polled and sent at least an interval ago
     * ({@code sentBefore}), or due by next_result_poll_at; open, or expired less than {@code expiredSince} ago. A due
     * row that is neither (its result came, it expired long ago, it was withdrawn) is retired: its next poll becomes
     * {@link #NEVER}, so the query does not read it again. Retired rows do not count against the batch.
     */
    static List<OpenInvitation> claim(Jdbc jdbc, Instant now, int limit, String which, Instant sentBefore, Instant expiredSince,
            Instant next) {
        List<OpenInvitation> claimed = new ArrayList<>(limit);
        Claim claim = new Claim(jdbc, which, now, sentBefore, expiredSince, next);
        claim.from(NEVER_POLLED_QUERY, sentBefore, claimed, limit);
        claim.from(POLL_DUE_QUERY, now, claimed, limit);
        return claimed;
    }

    /** One claim's parameters: which invitations, the moment, and where a claimed row's next poll moves to. */
    private record Claim(Jdbc jdbc, String which, Instant now, Instant sentBefore, Instant expiredSince, Instant next) {
        /**
         * Claims from {@code query}'s rows until {@code claimed} holds {@code limit} or no row is due any more: a batch
         * that retired rows, or lost them to another process, is followed by the next (each row read leaves the
         * query's range, claimed or retired, so this ends).
         */
        void from(String query, Instant bound, List<OpenInvitation> claimed, int limit) {
            while (claimed.size() < limit) {
                int room = limit - claimed.size();
                List<DueRow> batch = jdbc.query(query.formatted(which, room), ResultPolls::dueRow, bound);
                for (DueRow row : batch) {
                    boolean pollable = row.pollable(expiredSince);
                    if (jdbc.update(MOVE_NEXT_POLL, pollable ? next : NEVER, row.invitation().dispatchId(), sentBefore, now) == 1
                            && pollable) {
                        claimed.add(row.invitation());
                    }
                }
                if (batch.size() < room) {
                    return;
                }
            }
        }
    }

    private static DueRow dueRow(ResultSet rs) throws SQLException {
        return new DueRow(new OpenInvitation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Jdbc.instant(rs, "sent_at")), rs.getString("invitation_state"), Jdbc.instant(rs, "expires_at"));
    }

    /** A row due for its poll, with what decides whether it is still polled. */
    private record DueRow(OpenInvitation invitation, String state, Instant expiresAt) {
        boolean pollable(Instant expiredSince) {
            return InvitationFollowUps.OPEN.equals(state) || InvitationFollowUps.REMINDED.equals(state)
                    || InvitationFollowUps.REMINDER_SKIPPED.equals(state)
                    || (InvitationFollowUps.EXPIRED.equals(state) && expiresAt != null && expiresAt.isAfter(expiredSince));
        }
    }

    /**
     * The generic platform's answer to {@code GET /invitations/{id}}: 200 with the same fields as the callback
     * ({@code status: "pending"} while open). Anything else is a failed poll (thrown: the route logs it, and the next
     * poll asks again).
     *
     * @return what became of the report: stored, duplicate, quarantined, ... or pending
     */
    public String generic(OpenInvitation invitation, Integer code, byte[] body) {
        byte[] bytes = answer(invitation, code, body);
        ResultReport report;
        try {
            report = reader.generic(bytes, true);
        } catch (BadResultReport bad) {
            return quarantined(invitation, bytes, bad);
        }
        if (report == null) {
            return ResultReportReader.PENDING;
        }
        if (!report.invitationId().equals(invitation.invitationId())) {
            return quarantined(invitation, bytes, new BadResultReport("invitationId " + report.invitationId()
                    + " is not the invitation asked for"));
        }
        return intake.accept(report, SOURCE).text();
    }

    /**
     * HackerRank's candidate: status 7 is a result; {@code invite_valid: false} ends the polling of this invitation.
     */
    public String hackerRank(OpenInvitation invitation, Integer code, byte[] body) {
        byte[] bytes = answer(invitation, code, body);
        ResultReport report;
        try {
            report = reader.hackerRank(invitation.invitationId(), bytes);
        } catch (BadResultReport bad) {
            return quarantined(invitation, bytes, bad);
        }
        if (report != null) {
            return intake.accept(report, SOURCE).text();
        }
        if (reader.hackerRankInviteWithdrawn(bytes)) {
            // No more polls, and no reminder pointing at a test link that no longer works: the invitation ends expired.
            Instant now = clock.instant();
            jdbc.inTransaction(() -> {
                jdbc.update("""
                        UPDATE dispatch SET next_result_poll_at = ?, updated_at = ?,
                               invitation_state = CASE WHEN invitation_state IN (?, ?, ?) THEN ? ELSE invitation_state END
                         WHERE id = ?""", NEVER, now, InvitationFollowUps.OPEN, InvitationFollowUps.REMINDED,
                        InvitationFollowUps.REMINDER_SKIPPED, InvitationFollowUps.EXPIRED, invitation.dispatchId());
                return jdbc.update("""
                        UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?
                         WHERE kind = ? AND status = ? AND EXISTS (
                               SELECT 1 FROM dispatch i WHERE i.id = ? AND i.integration_id = dispatch.integration_id
                                  AND i.candidate_id = dispatch.candidate_id AND i.assessment_id = dispatch.assessment_id)""",
                        DispatchRepository.CANCELLED, "reminder not sent: the platform no longer holds the invitation", now,
                        DispatchJob.REMINDER, DispatchRepository.PENDING, invitation.dispatchId());
            });
            LOG.info("invitation {}: HackerRank reports it no longer valid, no more polls, no reminder", invitation.invitationId());
            return "withdrawn";
        }
        return ResultReportReader.PENDING;
    }

    private static byte[] answer(OpenInvitation invitation, Integer code, byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (code == null || code != 200) {
            String excerpt = new String(bytes, StandardCharsets.UTF_8);
            throw new IllegalStateException("the platform answered " + code + " for invitation " + invitation.invitationId() + ": "
                    + dev.candidaterouter.masking.LogSafeText.mask(excerpt.length() > 200 ? excerpt.substring(0, 200) : excerpt));
        }
        return bytes;
    }

    private String quarantined(OpenInvitation invitation, byte[] bytes, BadResultReport bad) {
        String reason = "poll of invitation " + invitation.invitationId() + ": " + bad.getMessage();
        LOG.warn("assessment result quarantined: {}", reason);
        return intake.quarantine(bytes, reason, SOURCE).text();
    }
}
