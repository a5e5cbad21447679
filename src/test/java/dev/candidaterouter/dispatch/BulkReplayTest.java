package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying many failed sends at once, on H2: the rows are changed in sets, not one statement per row (on a remote
 * PostgreSQL each statement is a round-trip, and a bulk replay of tens of thousands of rows would outlast the HTTP
 * idle timeout, which cuts off the admin's request); and two instances replaying the same rows at once (two
 * threads here, as two processes on one PostgreSQL) put every row back once, each reported by exactly one of
 * them — an id reported twice would tell two operators they each replayed it.
 */
class BulkReplayTest {
    private static final int CANDIDATES = 1_200;

    @TempDir
    Path dir;

    @Test
    void twoReplaysAtOnceReportDisjointIdsThatTogetherCoverEveryDeadRow() throws Exception {
        // The second replay waits for the first's row locks. H2 gives up after 2 s by default, less than a replay of
        // these rows took on a loaded 2-core CI machine (a lock timeout, not a wrong answer): this test is about which
        // rows each replay reports, so it waits as PostgreSQL would.
        try (Database db = Database.open(TestDatabases.fileUrl("h2", dir.resolve("db")) + ";LOCK_TIMEOUT=60000", "sa", "", 4)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 3; round++) {
                    jdbc.update("DELETE FROM dispatch");
                    Seeded seeded = seed(jdbc);
                    CyclicBarrier together = new CyclicBarrier(2);
                    List<Future<DispatchRepository.Replayed>> replays = new ArrayList<>();
                    for (int instance = 0; instance < 2; instance++) {
                        DispatchRepository repository = new DispatchRepository(db.dataSource(), Clock.systemUTC(),
                                "instance-" + instance, Duration.ofMinutes(5), false);
                        replays.add(pool.submit(() -> {
                            together.await();
                            return repository.replay(ReplayFilter.parse(null));
                        }));
                    }
                    DispatchRepository.Replayed first = replays.get(0).get(60, TimeUnit.SECONDS);
                    DispatchRepository.Replayed second = replays.get(1).get(60, TimeUnit.SECONDS);

                    assertThat(common(first.ids(), second.ids())).isEmpty();
                    List<Long> replayed = new ArrayList<>(first.ids());
                    replayed.addAll(second.ids());
                    assertThat(replayed).containsExactlyInAnyOrderElementsOf(seeded.dead());

                    assertThat(common(first.notificationsRestored(), second.notificationsRestored())).isEmpty();
                    List<Long> restored = new ArrayList<>(first.notificationsRestored());
                    restored.addAll(second.notificationsRestored());
                    assertThat(restored).containsExactlyInAnyOrderElementsOf(seeded.cancelled());

                    assertThat(jdbc.count("SELECT COUNT(*) FROM dispatch WHERE status <> 'pending' OR attempts <> 0")).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aBulkReplayChangesRowsInSetsNotOneStatementPerRow() throws Exception {
        try (Database db = TestDatabases.open("h2", dir)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            Seeded seeded = seed(jdbc);
            DispatchRepository repository = new DispatchRepository(db.dataSource(), Clock.systemUTC(), "instance-0",
                    Duration.ofMinutes(5), false);
            // H2 counts how often each statement ran: each execution is one round-trip to a database server.
            jdbc.update("SET QUERY_STATISTICS TRUE");
            DispatchRepository.Replayed replayed = repository.replay(ReplayFilter.parse(null));
            long updates = jdbc.query("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS",
                    rs -> rs.getString(1).trim().startsWith("UPDATE") ? rs.getLong(2) : 0L).stream().mapToLong(Long::longValue).sum();
            jdbc.update("SET QUERY_STATISTICS FALSE");

            assertThat(replayed.ids()).containsExactlyInAnyOrderElementsOf(seeded.dead());
            assertThat(replayed.notificationsRestored()).containsExactlyInAnyOrderElementsOf(seeded.cancelled());
            int rows = seeded.dead().size() + seeded.cancelled().size();
            assertThat(updates).as("UPDATE statements run to replay %d rows", rows).isLessThanOrEqualTo(10);
        }
    }

    private static List<Long> common(List<Long> a, List<Long> b) {
        List<Long> both = new ArrayList<>(a);
        both.retainAll(new java.util.HashSet<>(b));
        return both;
    }

    private record Seeded(List<Long> dead, List<Long> cancelled) {
    }

    /** Per candidate: a dead invitation and SMS, and an email cancelled because the invitation failed. */
    private static Seeded seed(Jdbc jdbc) {
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        jdbc.inTransaction(() -> {
            for (int i = 0; i < CANDIDATES; i++) {
                insert(jdbc, i, "ASSESSMENT", "dead", "HTTP 502", then);
                insert(jdbc, i, "SMS", "dead", "HTTP 500", then);
                insert(jdbc, i, "EMAIL", "cancelled", "invitation dead: HTTP 502", then);
            }
            return null;
        });
        return new Seeded(jdbc.query("SELECT id FROM dispatch WHERE status = 'dead'", rs -> rs.getLong(1)),
                jdbc.query("SELECT id FROM dispatch WHERE status = 'cancelled'", rs -> rs.getLong(1)));
    }

    private static void insert(Jdbc jdbc, int candidate, String channel, String status, String error, Instant then) {
        jdbc.update("""
                INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                      status, attempts, last_error, next_attempt_at, created_at, updated_at)
                VALUES (?, 'int', ?, 'a-1', ?, 1, ?, 5, ?, ?, ?, ?)""",
                "k-" + candidate + "-" + channel, "c-" + candidate, channel, status, error, then, then, then);
    }
}
