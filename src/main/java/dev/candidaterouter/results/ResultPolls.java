package dev.candidaterouter.results;

import dev.candidaterouter.dispatch.DispatchJob;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.dispatch.InvitationFollowUps;
import dev.candidaterouter.store.Jdbc;
import java.nio.charset.StandardCharsets;
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
     * Claims invitations whose next poll is due: never polled and sent at least an interval ago, or due by
     * next_result_poll_at; open, or expired less than {@code expiredSince} ago.
     */
    static List<OpenInvitation> claim(Jdbc jdbc, Instant now, int limit, String which, Instant sentBefore, Instant expiredSince,
            Instant next) {
        List<OpenInvitation> due = jdbc.query("""
                SELECT id, provider_id, assessment_id, dispatch_key, sent_at, next_result_poll_at FROM dispatch
                 WHERE channel = 'ASSESSMENT' AND kind = ? AND %s
                   AND (invitation_state IN (?, ?, ?) OR (invitation_state = ? AND expires_at > ?))
                   AND ((next_result_poll_at IS NULL AND sent_at <= ?) OR next_result_poll_at <= ?)
                 ORDER BY id LIMIT %d""".formatted(which, limit),
                rs -> new OpenInvitation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), Jdbc.instant(rs, "sent_at")),
                DispatchJob.INVITATION, InvitationFollowUps.OPEN, InvitationFollowUps.REMINDED,
                InvitationFollowUps.REMINDER_SKIPPED, InvitationFollowUps.EXPIRED, expiredSince, sentBefore, now);
        List<OpenInvitation> claimed = new ArrayList<>(due.size());
        for (OpenInvitation invitation : due) {
            if (jdbc.update("""
                    UPDATE dispatch SET next_result_poll_at = ?
                     WHERE id = ? AND ((next_result_poll_at IS NULL AND sent_at <= ?) OR next_result_poll_at <= ?)""",
                    next, invitation.dispatchId(), sentBefore, now) == 1) {
                claimed.add(invitation);
            }
        }
        return claimed;
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
