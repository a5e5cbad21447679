package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import dev.candidaterouter.store.RouteTransactions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Two events about one candidate, in two transactions (two threads, or two processes on one PostgreSQL). */
class CandidateLocksTest {
    @TempDir
    Path dir;

    /** Twice: the candidate's first two events (the first creates the lock row), then two later ones (it is there). */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void aSecondEventAboutTheCandidateWaitsUntilTheFirstHasCommittedAndOthersDoNot(String db) throws Exception {
        try (Database database = TestDatabases.open(db, dir)) {
            twoEventsAboutOneCandidate(database, db);
            twoEventsAboutOneCandidate(database, db);
            assertThat(new Jdbc(database.dataSource()).count("SELECT COUNT(*) FROM candidate_lock")).isEqualTo("sqlite".equals(db) ? 0 : 3);
        }
    }

    private void twoEventsAboutOneCandidate(Database database, String db) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CandidateLocks locks = new CandidateLocks(database.dataSource());
            TransactionTemplate transaction = RouteTransactions.required(database.dataSource()).getTransactionTemplate();
            List<String> happened = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch firstHolds = new CountDownLatch(1);
            CountDownLatch firstMayCommit = new CountDownLatch(1);

            Future<?> first = threads.submit(() -> transaction.executeWithoutResult(status -> {
                locks.lock("int", "c-1"); // the first round creates the lock row, the second finds it
                firstHolds.countDown();
                awaitQuietly(firstMayCommit);
                happened.add("first event done");
            }));
            assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> second = threads.submit(() -> transaction.executeWithoutResult(status -> {
                locks.lock("int", "c-1");
                happened.add("second event locked");
            }));

            // Another candidate, and the same id in another integration, are not held up; on SQLite every transaction
            // that writes waits for the one before it (SingleWriter), so there they would be.
            if (!"sqlite".equals(db)) {
                transaction.executeWithoutResult(status -> {
                    locks.lock("int", "c-2");
                    locks.lock("other-int", "c-1");
                });
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());

            firstMayCommit.countDown();
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
            assertThat(happened).containsExactly("first event done", "second event locked");
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The lock and the event's reads sent together (one round trip on PostgreSQL): the reads run after the lock is
     * taken, so they see what the event before committed, not what was there when the statement was sent.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void readsSentWithTheLockSeeWhatTheEventBeforeCommitted(String db) throws Exception {
        try (Database database = TestDatabases.open(db, dir)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            jdbc.update("CREATE TABLE seen (candidate_id VARCHAR(20), what VARCHAR(40))");
            CandidateLocks locks = new CandidateLocks(database.dataSource());
            TransactionTemplate transaction = RouteTransactions.required(database.dataSource()).getTransactionTemplate();
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch firstHolds = new CountDownLatch(1);
                CountDownLatch firstMayCommit = new CountDownLatch(1);
                Future<?> first = threads.submit(() -> transaction.executeWithoutResult(status -> {
                    locks.lock("int", "c-1");
                    jdbc.update("INSERT INTO seen (candidate_id, what) VALUES ('c-1', 'written by the first event')");
                    firstHolds.countDown();
                    awaitQuietly(firstMayCommit);
                }));
                assertThat(firstHolds.await(30, TimeUnit.SECONDS)).isTrue();
                Future<Jdbc.Both<String, Long>> second = threads.submit(() -> transaction.execute(status ->
                        locks.lockThenRead("int", "c-1",
                                jdbc.read("SELECT what FROM seen WHERE candidate_id = ?", rs -> rs.getString(1), "c-1"),
                                jdbc.read("SELECT COUNT(*) FROM seen", rs -> rs.getLong(1)))));
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());

                firstMayCommit.countDown();
                first.get(30, TimeUnit.SECONDS);
                Jdbc.Both<String, Long> read = second.get(30, TimeUnit.SECONDS);
                assertThat(read.first()).containsExactly("written by the first event");
                assertThat(read.second()).containsExactly(1L);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
