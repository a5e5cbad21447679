package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows an invitation that got no result: one reminder on each channel that carried it, then its expiry.
 * The state lives on the invitation's dispatch row ({@code invitation_state}, {@code remind_at}, {@code expires_at},
 * set when it went out); a reminder is a send like the others — a dispatch row of kind {@value DispatchJob#REMINDER}
 * that the channel's poller sends with its own key, retries, dead letter and replay. Each step is a conditional
 * update of the state, so with several processes every invitation is reminded and expired once.
 * <p>
 * A result (package results, ResultIntake) sets the state to {@value #COMPLETED}: neither step acts on it any more.
 */
public class InvitationFollowUps {
    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.sends");

    /** Sent, no result yet: the reminder is still to come. */
    public static final String OPEN = "open";
    /** Sent, reminder planned. */
    public static final String REMINDED = "reminded";
    /** Sent, but no reminder was due to anyone (the candidate was deleted, or no notification went out). */
    public static final String REMINDER_SKIPPED = "reminder_skipped";
    /** No result within the expiry time: no reminder follows any more. */
    public static final String EXPIRED = "expired";
    /** The platform reported a result (ResultIntake): the follow-up ends. */
    public static final String COMPLETED = "completed";

    private final Jdbc jdbc;
    private final Clock clock;

    public InvitationFollowUps(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /**
     * Open invitations whose time is up ({@code %d}: how many), those that expired first first; read from
     * ix_dispatch_expiry (partial: V19, V20), only the rows due. Ordered by id, PostgreSQL's generic plan read the
     * table in id order instead, filtering every row until a batch was due (PartialIndexGenericPlanTest).
     */
    static final String EXPIRE_DUE_QUERY = """
            SELECT id FROM dispatch
             WHERE invitation_state IN (?, ?, ?) AND expires_at <= ?
             ORDER BY expires_at, id LIMIT %d""";

    /**
     * Expires up to {@code limit} invitations whose time is up, and cancels their reminders not sent yet.
     *
     * @return how many expired
     */
    public int expireDue(int limit) {
        Instant now = clock.instant();
        List<Long> due = jdbc.query(EXPIRE_DUE_QUERY.formatted(limit), rs -> rs.getLong(1), OPEN, REMINDED, REMINDER_SKIPPED, now);
        int expired = 0;
        for (long id : due) {
            expired += jdbc.inTransaction(() -> {
                if (jdbc.update("UPDATE dispatch SET invitation_state = ?, updated_at = ? WHERE id = ? AND invitation_state IN (?, ?, ?)",
                        EXPIRED, now, id, OPEN, REMINDED, REMINDER_SKIPPED) == 0) {
                    return 0; // another process expired it, or a result arrived meanwhile
                }
                // Not "invitation ...": a replay must not bring these back as notifications of a replayed invitation.
                jdbc.update("""
                        UPDATE dispatch SET status = ?, last_error = ?, updated_at = ?
                         WHERE kind = ? AND status = ? AND EXISTS (
                               SELECT 1 FROM dispatch a WHERE a.id = ? AND a.integration_id = dispatch.integration_id
                                  AND a.candidate_id = dispatch.candidate_id AND a.assessment_id = dispatch.assessment_id)""",
                        DispatchRepository.CANCELLED, "reminder not sent: the invitation expired first", now,
                        DispatchJob.REMINDER, DispatchRepository.PENDING, id);
                reportExpiredOrder(id, now);
                return 1;
            });
        }
        if (expired > 0) {
            LOG.info("{} invitation(s) expired without a result", expired);
        }
        return expired;
    }

    /**
     * An invitation the ATS ordered (its order's 'order-invited' report exists, whatever became of it): the order
     * hears that it expired, as a report of its own (channel KNIT, kind {@value DispatchJob#ORDER_EXPIRED}), in the
     * expiry's transaction, once.
     */
    private void reportExpiredOrder(long invitationId, Instant now) {
        jdbc.queryOne("""
                SELECT r.integration_id, r.candidate_id, r.assessment_id, r.order_id, a.decision_id
                  FROM dispatch a JOIN dispatch r ON r.integration_id = a.integration_id AND r.candidate_id = a.candidate_id
                                                 AND r.assessment_id = a.assessment_id
                 WHERE a.id = ? AND r.channel = 'KNIT' AND r.kind = ? AND r.order_id IS NOT NULL""",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)},
                invitationId, DispatchJob.ORDER_INVITED)
                .ifPresent(r -> {
                    jdbc.insertIfAbsent("""
                            INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                                  status, next_attempt_at, created_at, updated_at, kind, order_id)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                            DispatchKey.orderReport((String) r[0], (String) r[3], DispatchJob.ORDER_EXPIRED), r[0], r[1], r[2],
                            Channel.KNIT.name(), r[4], DispatchRepository.PENDING, now, now, now, DispatchJob.ORDER_EXPIRED, r[3]);
                    LOG.info("candidate {}: the ATS's order {} will hear that its invitation expired", r[1], r[3]);
                });
    }

    /**
     * Open invitations whose reminder time has come, earliest first. The ORDER BY names the columns of
     * {@code ix_dispatch_remind} (invitation_state, remind_at; SQLite keeps the id last in every index): SQLite then
     * reads that index from its start and stops after the batch. Ordered by id alone it chose the expiry index, which
     * matches every open invitation, and sorted them all on every poll (20 ms a second with 18,000 open, growing
     * with each invitation).
     */
    static final String REMIND_DUE_QUERY = """
            SELECT id, integration_id, candidate_id, assessment_id, decision_id FROM dispatch
             WHERE invitation_state = ? AND remind_at <= ? AND expires_at > ?
             ORDER BY invitation_state, remind_at, id LIMIT %d""";

    /**
     * Plans the reminder of up to {@code limit} invitations whose reminder time has come (and which have not
     * expired): one pending send of kind {@value DispatchJob#REMINDER} per channel that carried the invitation.
     *
     * @return how many reminder sends were planned
     */
    public int remindDue(int limit) {
        Instant now = clock.instant();
        List<Invitation> due = jdbc.query(REMIND_DUE_QUERY.formatted(limit),
                rs -> new Invitation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)),
                OPEN, now, now);
        int planned = 0;
        for (Invitation invitation : due) {
            planned += jdbc.inTransaction(() -> remind(invitation, now));
        }
        return planned;
    }

    private int remind(Invitation invitation, Instant now) {
        List<Channel> channels = reminderChannels(invitation);
        if (jdbc.update("UPDATE dispatch SET invitation_state = ?, updated_at = ? WHERE id = ? AND invitation_state = ?",
                channels.isEmpty() ? REMINDER_SKIPPED : REMINDED, now, invitation.id(), OPEN) == 0) {
            return 0; // another process took it, or it completed meanwhile
        }
        int planned = 0;
        for (Channel channel : channels) {
            String key = DispatchKey.reminder(invitation.integrationId(), invitation.candidateId(), invitation.assessmentId(), channel);
            if (jdbc.insertIfAbsent("""
                    INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                          status, next_attempt_at, created_at, updated_at, kind)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    key, invitation.integrationId(), invitation.candidateId(), invitation.assessmentId(), channel.name(),
                    invitation.decisionId(), DispatchRepository.PENDING, now, now, now, DispatchJob.REMINDER)) {
                planned++;
            }
        }
        LOG.info("candidate {}: reminder for {} planned on {}", invitation.candidateId(), invitation.assessmentId(),
                channels.isEmpty() ? "no channel (nothing to remind)" : channels);
        return planned;
    }

    /**
     * The channels a reminder goes out on: those whose invitation notification was sent (a notification cancelled
     * or failed carried nothing to remind of) — and none for a candidate deleted in the ATS, or whose latest decision
     * no longer invites them (rejected or hired in every application, moved out of the assessment stage).
     * <p>
     * An SMS reminder to a number that opted out meanwhile is planned and then cancelled with the reason by the SMS
     * route's consent check, as any SMS to that number is: it is never sent.
     */
    private List<Channel> reminderChannels(Invitation invitation) {
        return jdbc.query("""
                SELECT n.channel FROM dispatch n
                 WHERE n.integration_id = ? AND n.candidate_id = ? AND n.assessment_id = ?
                   AND n.kind = ? AND n.channel <> 'ASSESSMENT' AND n.status = ?
                   AND NOT EXISTS (SELECT 1 FROM candidate c WHERE c.integration_id = n.integration_id
                                      AND c.candidate_id = n.candidate_id AND c.state = 'deleted')
                   AND COALESCE((SELECT d.invited FROM decision d
                                  WHERE d.integration_id = n.integration_id AND d.candidate_id = n.candidate_id
                                  ORDER BY d.id DESC LIMIT 1), TRUE)
                 ORDER BY n.channel""",
                rs -> Channel.valueOf(rs.getString(1)), invitation.integrationId(), invitation.candidateId(),
                invitation.assessmentId(), DispatchJob.INVITATION, DispatchRepository.SENT);
    }

    private record Invitation(long id, String integrationId, String candidateId, String assessmentId, long decisionId) {
    }
}
