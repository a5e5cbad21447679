package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.knit.EnvelopeKeys;
import dev.candidaterouter.knit.InboxEvent;
import dev.candidaterouter.knit.InboxRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.support.TransactionTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Transactions over the pool on H2 and PostgreSQL: commit, rollback, joining, a unique clash inside, claims in batches. */
class TransactionsTest {
    @TempDir
    Path dir;

    private Database open(String db) throws Exception {
        return TestDatabases.open(db, dir);
    }

    private static byte[] event(String id) {
        return TestEvents.minimal(id);
    }

    /** The inbox of one process ("me") on {@code database}. */
    private static InboxRepository inbox(Database database) {
        return new InboxRepository(database.dataSource(), Clock.systemUTC(), "me", Duration.ofMinutes(5), 3);
    }

    private static boolean store(InboxRepository inbox, String id) {
        return inbox.store("int", EnvelopeKeys.peek(event(id)), event(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void writesCommitTogetherOrNotAtAll(String db) throws Exception {
        try (Database database = open(db)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            InboxRepository inbox = inbox(database);

            // The transaction a route declares with `transacted`: what the repositories write in it is seen inside,
            // and gone after a rollback, also what an inTransaction inside it wrote (it joined, did not commit).
            TransactionTemplate route = RouteTransactions.required(database.dataSource()).getTransactionTemplate();
            route.executeWithoutResult(status -> {
                store(inbox, "rolled-back");
                jdbc.inTransaction(() -> store(inbox, "joined"));
                assertThat(new Jdbc(database.dataSource()).count("SELECT COUNT(*) FROM inbox_event")).as("seen inside").isEqualTo(2);
                status.setRollbackOnly();
            });
            assertThat(jdbc.count("SELECT COUNT(*) FROM inbox_event")).isZero();

            assertThatThrownBy(() -> jdbc.inTransaction(() -> {
                store(inbox, "also-rolled-back");
                throw new IllegalStateException("failed half-way");
            })).hasMessage("failed half-way");
            assertThat(jdbc.count("SELECT COUNT(*) FROM inbox_event")).isZero();

            store(inbox, "a");
            // A clash on a unique key inside a transaction is an answer ("already there"), and the transaction
            // goes on (PostgreSQL aborts a transaction on any error: there the insert says ON CONFLICT DO NOTHING).
            route.executeWithoutResult(status -> {
                assertThat(store(inbox, "a")).isFalse();
                assertThat(store(inbox, "b")).isTrue();
            });
            assertThat(jdbc.query("SELECT event_id FROM inbox_event ORDER BY seq", rs -> rs.getString(1)))
                    .containsExactly("a", "b");
        }
    }

    /** A clash is an answer also where the insert returns its generated key, inside a transaction and outside. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void aClashReturnsNoKeyAndTheTransactionGoesOn(String db) throws Exception {
        try (Database database = open(db)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            String insert = "INSERT INTO ruleset_version (ruleset, version, files_json, rule_count, first_live_at, first_instance)"
                    + " VALUES (?, ?, '{}', 1, CURRENT_TIMESTAMP, 'me')";
            assertThat(jdbc.insertIfAbsent(insert, "r", "v1")).isTrue();
            assertThat(jdbc.insertIfAbsent(insert, "r", "v1")).as("outside a transaction").isFalse();
            TransactionTemplate route = RouteTransactions.required(database.dataSource()).getTransactionTemplate();
            route.executeWithoutResult(status -> {
                assertThat(jdbc.insertIfAbsent(insert, "r", "v1")).isFalse();
                assertThat(jdbc.insertIfAbsent(insert, "r", "v2")).isTrue();
            });
            assertThat(jdbc.query("SELECT version FROM ruleset_version ORDER BY version", rs -> rs.getString(1)))
                    .containsExactly("v1", "v2");

            InboxRepository inbox = inbox(database);
            store(inbox, "e1");
            String withKey = "INSERT INTO inbox_event (integration_id, event_id, event_type, body, body_sha256, status, received_at)"
                    + " VALUES ('int', ?, 'record.new', '{}', 'x', 'RECEIVED', CURRENT_TIMESTAMP)";
            route.executeWithoutResult(status -> {
                assertThat(jdbc.insertIfAbsentReturningKey(withKey, "seq", "e1")).isEmpty();
                long seq = jdbc.insertIfAbsentReturningKey(withKey, "seq", "e2").orElseThrow();
                assertThat(jdbc.queryOne("SELECT event_id FROM inbox_event WHERE seq = ?", rs -> rs.getString(1), seq))
                        .hasValue("e2");
            });
        }
    }

    /**
     * On PostgreSQL a clash inside a transaction inserts nothing at all (ON CONFLICT DO NOTHING): no row that a
     * savepoint's rollback would leave dead for VACUUM, no error for the server to log. The table's counters for the
     * session count every row inserted, also those of rolled-back savepoints (and, since PostgreSQL 15, those of the
     * session's earlier transactions not yet reported: hence the difference).
     */
    @Test
    void aClashOnPostgresInsertsNoRowAtAll() throws Exception {
        try (Database database = open("postgres")) {
            InboxRepository inbox = inbox(database);
            Jdbc jdbc = new Jdbc(database.dataSource());
            String inserted = "SELECT n_tup_ins FROM pg_stat_xact_user_tables WHERE schemaname = current_schema() AND relname = 'inbox_event'";
            store(inbox, "a");
            RouteTransactions.required(database.dataSource()).getTransactionTemplate().executeWithoutResult(status -> {
                long before = jdbc.count(inserted);
                assertThat(store(inbox, "a")).isFalse();
                assertThat(jdbc.count(inserted)).as("rows inserted by the clash, dead or alive").isEqualTo(before);
                assertThat(store(inbox, "b")).isTrue();
                assertThat(jdbc.count(inserted)).isEqualTo(before + 1);
            });
            assertThat(jdbc.query("SELECT event_id FROM inbox_event ORDER BY seq", rs -> rs.getString(1))).containsExactly("a", "b");
        }
    }

    /**
     * Two claimers at once, each taking batches in one transaction: every row goes to exactly one, none is stuck, no
     * claim fails (on PostgreSQL one UPDATE takes a batch, its rows locked in key order: Jdbc.keysLockedInOrder).
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void concurrentBatchClaimsShareTheRowsWithoutOverlap(String db) throws Exception {
        try (Database database = open(db)) {
            int rows = 600;
            InboxRepository writer = new InboxRepository(database.dataSource(), Clock.systemUTC(), "w", Duration.ofMinutes(5), 3);
            for (int i = 0; i < rows; i++) {
                store(writer, "e" + i);
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<List<String>>> claimers = new ArrayList<>();
                // Batches of different sizes, so that two claims meet on some of their rows, not all: each must read
                // back only the rows its own UPDATE took.
                for (String name : List.of("first", "second")) {
                    InboxRepository inbox = new InboxRepository(database.dataSource(), Clock.systemUTC(), name, Duration.ofMinutes(5), 3);
                    int size = name.equals("first") ? 25 : 17;
                    claimers.add(() -> {
                        List<String> mine = new ArrayList<>();
                        List<InboxEvent> batch;
                        while (!(batch = inbox.claimBatch(size)).isEmpty()) {
                            batch.forEach(e -> mine.add(e.eventId()));
                        }
                        return mine;
                    });
                }
                List<String> all = new ArrayList<>();
                for (Future<List<String>> f : pool.invokeAll(claimers)) {
                    all.addAll(f.get());
                }
                Set<String> distinct = new HashSet<>(all);
                assertThat(all).hasSize(rows);
                assertThat(distinct).hasSize(rows);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
