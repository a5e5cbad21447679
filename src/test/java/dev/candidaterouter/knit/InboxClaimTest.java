package dev.candidaterouter.knit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Claiming inbox rows, on H2 and on PostgreSQL: one owner per row, and a crashed owner's claim expires. */
class InboxClaimTest {
    @TempDir
    Path dir;

    /** A clock tests move forward by hand. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private Database open(String db) throws Exception {
        return TestDatabases.open(db, dir);
    }

    private static byte[] event(String id) {
        return TestEvents.minimal(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void eachRowHasOneOwnerAndAnExpiredClaimIsTakenOver(String db) throws Exception {
        try (Database database = open(db)) {
            MovableClock clock = new MovableClock();
            InboxRepository first = new InboxRepository(database.dataSource(), clock, "first", Duration.ofMinutes(5), 3);
            InboxRepository second = new InboxRepository(database.dataSource(), clock, "second", Duration.ofMinutes(5), 3);
            for (String id : List.of("a", "b", "c")) {
                assertThat(first.store("int", EnvelopeKeys.peek(event(id)), event(id))).isTrue();
            }
            assertThat(first.store("int", EnvelopeKeys.peek(event("a")), event("a"))).as("duplicate").isFalse();

            List<InboxEvent> taken = first.claimBatch(10);
            assertThat(taken).extracting(InboxEvent::eventId).containsExactly("a", "b", "c");
            assertThat(second.claimBatch(10)).as("rows claimed by a live instance").isEmpty();

            first.finish(taken.get(0).seq(), InboxRepository.PROCESSED, null);
            clock.advance(Duration.ofMinutes(6)); // "first" crashed while holding b and c
            List<InboxEvent> rescued = second.claimBatch(10);
            assertThat(rescued).extracting(InboxEvent::eventId).containsExactly("b", "c");
            assertThat(rescued).extracting(InboxEvent::attempts).containsOnly(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void failedRowIsRetriedUntilItsAttemptsAreUsedUp(String db) throws Exception {
        try (Database database = open(db)) {
            InboxRepository inbox = new InboxRepository(database.dataSource(), Clock.systemUTC(), "only", Duration.ofMinutes(5), 2);
            inbox.store("int", EnvelopeKeys.peek(event("x")), event("x"));
            InboxEvent once = inbox.claimBatch(1).get(0);
            inbox.fail(once.seq(), once.attempts(), "database hiccup");
            InboxEvent twice = inbox.claimBatch(1).get(0);
            inbox.fail(twice.seq(), twice.attempts(), "still failing");
            assertThat(inbox.claimBatch(1)).isEmpty();
            assertThat(inbox.countByStatus(InboxRepository.FAILED)).isEqualTo(1);
        }
    }

    /** The waiting rows are read in index order, so a poll stops after its batch instead of sorting the backlog. */
    @org.junit.jupiter.api.Test
    void waitingRowsAreReadInIndexOrderOnH2() throws Exception {
        try (Database database = open("h2")) {
            String plan = new dev.candidaterouter.store.Jdbc(database.dataSource()).queryOne(
                    "EXPLAIN " + InboxRepository.WAITING_QUERY.formatted(100), rs -> rs.getString(1), InboxRepository.RECEIVED)
                    .orElseThrow();
            assertThat(plan).contains("IX_INBOX_STATUS").contains("index sorted");
        }
    }

    /**
     * Eight webhook threads storing at once (their requests share transactions, GroupCommit), each event sent by
     * two of them: every event is stored once, exactly one of its two requests hears "stored", and each row holds
     * its own body.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void concurrentRequestsStoreEachEventOnceAndAnswerEachRequestForItsOwnEvent(String db) throws Exception {
        try (Database database = open(db)) {
            InboxRepository inbox = new InboxRepository(database.dataSource(), Clock.systemUTC(), "one",
                    Duration.ofMinutes(5), 3);
            int events = 200;
            java.util.concurrent.ExecutorService webhooks = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
                for (int copy = 0; copy < 2; copy++) {
                    for (int i = 0; i < events; i++) {
                        String id = "evt-" + i;
                        answers.add(webhooks.submit(() -> inbox.store("int", EnvelopeKeys.peek(event(id)), event(id))));
                    }
                }
                java.util.Map<String, Integer> storedPerEvent = new java.util.HashMap<>();
                for (int n = 0; n < answers.size(); n++) {
                    if (answers.get(n).get(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        storedPerEvent.merge("evt-" + (n % events), 1, Integer::sum);
                    }
                }
                assertThat(storedPerEvent).hasSize(events).allSatisfy((id, times) -> assertThat(times).isOne());
            } finally {
                webhooks.shutdownNow();
            }
            List<InboxEvent> rows = inbox.claimBatch(events + 10);
            assertThat(rows).hasSize(events);
            assertThat(rows).allSatisfy(row -> assertThat(row.body()).contains(row.eventId()));
        }
    }
}
