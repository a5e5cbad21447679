package dev.candidaterouter.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.dispatch.InvitationFollowUps;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which invitations the result poll claims, on each database: those due and still open (or expired within the
 * window), at most a batch, each once; a due row no longer to be polled is retired (its next poll becomes never) so
 * that later polls do not read it again, and it does not take a place in the batch.
 */
class ResultPollClaimTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(15);
    private static final Duration AFTER_EXPIRY = Duration.ofDays(7);
    private static final String LIVE = "provider_id IS NOT NULL AND provider_id NOT LIKE 'outbox-%'";

    @TempDir
    Path dir;
    private final AtomicInteger keys = new AtomicInteger();

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void invitationsNoLongerPolledAreRetiredAndLeaveTheBatchToThoseDue(String kind) throws Exception {
        try (Database db = TestDatabases.open(kind, dir)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            // 120 invitations that expired long ago, each last polled before the window closed: all due by time,
            // all older than the open ones below, so without retiring they would fill every batch.
            for (int i = 0; i < 120; i++) {
                invitation(jdbc, "ASSESSMENT", InvitationFollowUps.EXPIRED, NOW.minus(Duration.ofDays(30)),
                        NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(12)).plusSeconds(i));
            }
            long completed = invitation(jdbc, "ASSESSMENT", InvitationFollowUps.COMPLETED, NOW.minus(Duration.ofDays(2)),
                    NOW.plus(Duration.ofDays(5)), NOW.minus(Duration.ofHours(1)));
            long dueByTime = invitation(jdbc, "ASSESSMENT", InvitationFollowUps.REMINDED, NOW.minus(Duration.ofDays(4)),
                    NOW.plus(Duration.ofDays(3)), NOW.minusSeconds(5));
            long neverPolled = invitation(jdbc, "ASSESSMENT", InvitationFollowUps.OPEN, NOW.minus(Duration.ofHours(2)),
                    NOW.plus(Duration.ofDays(7)), null);
            long expiredInWindow = invitation(jdbc, "ASSESSMENT", InvitationFollowUps.EXPIRED, NOW.minus(Duration.ofDays(8)),
                    NOW.minus(Duration.ofDays(1)), NOW.minusSeconds(60));
            long justSent = invitation(jdbc, "ASSESSMENT", InvitationFollowUps.OPEN, NOW.minus(Duration.ofMinutes(1)),
                    NOW.plus(Duration.ofDays(7)), null);
            long email = invitation(jdbc, "EMAIL", null, NOW.minus(Duration.ofHours(2)), null, null);

            assertThat(claim(jdbc, 50)).containsExactlyInAnyOrder(neverPolled, dueByTime, expiredInWindow);

            assertThat(nextPoll(jdbc, neverPolled)).isEqualTo(NOW.plus(INTERVAL));
            assertThat(nextPoll(jdbc, dueByTime)).isEqualTo(NOW.plus(INTERVAL));
            assertThat(jdbc.query("SELECT next_result_poll_at FROM dispatch WHERE invitation_state = ? OR id = ?",
                    rs -> Jdbc.instant(rs, 1), InvitationFollowUps.EXPIRED, completed))
                    .hasSize(122).filteredOn(next -> !next.equals(ResultPolls.NEVER)).containsExactly(NOW.plus(INTERVAL));
            assertThat(nextPoll(jdbc, justSent)).isNull();
            assertThat(nextPoll(jdbc, email)).isNull();
            assertThat(claim(jdbc, 50)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aBatchClaimsNoMoreThanItsLimitAndLeavesTheRestForTheNextPoll(String kind) throws Exception {
        try (Database db = TestDatabases.open(kind, dir)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            for (int i = 0; i < 3; i++) {
                invitation(jdbc, "ASSESSMENT", InvitationFollowUps.OPEN, NOW.minus(Duration.ofHours(3)).plusSeconds(i),
                        NOW.plus(Duration.ofDays(7)), null);
                invitation(jdbc, "ASSESSMENT", InvitationFollowUps.OPEN, NOW.minus(Duration.ofHours(3)),
                        NOW.plus(Duration.ofDays(7)), NOW.minusSeconds(10 - i));
            }
            List<Long> first = claim(jdbc, 4);
            List<Long> second = claim(jdbc, 4);
            assertThat(first).hasSize(4);
            assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
            assertThat(jdbc.query("SELECT next_result_poll_at FROM dispatch", rs -> Jdbc.instant(rs, 1)))
                    .hasSize(6).containsOnly(NOW.plus(INTERVAL));
        }
    }

    private static List<Long> claim(Jdbc jdbc, int limit) {
        return ResultPolls.claim(jdbc, NOW, limit, LIVE, NOW.minus(INTERVAL), NOW.minus(AFTER_EXPIRY), NOW.plus(INTERVAL))
                .stream().map(OpenInvitation::dispatchId).toList();
    }

    private static Instant nextPoll(Jdbc jdbc, long id) {
        return jdbc.queryOne("SELECT next_result_poll_at FROM dispatch WHERE id = ?", rs -> Jdbc.instant(rs, 1), id).orElse(null);
    }

    private long invitation(Jdbc jdbc, String channel, String state, Instant sentAt, Instant expiresAt, Instant nextPoll) {
        int n = keys.incrementAndGet();
        jdbc.update("""
                INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id, status,
                                      next_attempt_at, created_at, updated_at, sent_at, provider_id, invitation_state,
                                      expires_at, next_result_poll_at)
                VALUES (?, 'int', ?, 'a-1', ?, ?, 'sent', ?, ?, ?, ?, ?, ?, ?, ?)""",
                "k-" + n, "c-" + n, channel, n, sentAt, sentAt, sentAt, sentAt, "inv-" + n, state, expiresAt, nextPoll);
        return jdbc.queryOne("SELECT id FROM dispatch WHERE dispatch_key = ?", rs -> rs.getLong(1), "k-" + n).orElseThrow();
    }
}
