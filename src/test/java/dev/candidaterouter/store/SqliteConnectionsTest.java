package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's own connection on SQLite: what it is for is that no other connection commits between two writer
 * turns, so SQLite keeps the connection's page cache (it drops it when {@code PRAGMA data_version} has moved, i.e.
 * another connection committed). Readers are not held up by it.
 */
class SqliteConnectionsTest {
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    private Database database;
    private Jdbc jdbc;
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() throws Exception {
        database = TestDatabases.open("sqlite", dir);
        jdbc = new Jdbc(database.dataSource());
    }

    @AfterEach
    void close() {
        other.shutdownNow();
        database.close();
    }

    @Test
    void writesFromDifferentThreadsLeaveTheWriterSeeingNoOtherConnectionsCommit() throws Exception {
        long before = jdbc.inTransaction(() -> {
            insertConsent("+4915100000001");
            return dataVersion();
        });
        // Another thread's turn and a write outside any transaction, while this thread holds a connection for
        // reading (so that, with every connection pooled alike, those writes could not run on the one read above).
        try (Connection reading = database.dataSource().getConnection()) {
            other.submit(() -> jdbc.inTransaction(() -> insertConsent("+4915100000002"))).get(30, TimeUnit.SECONDS);
            other.submit(() -> insertConsent("+4915100000003")).get(30, TimeUnit.SECONDS);
        }

        long after = jdbc.inTransaction(this::dataVersion);

        assertThat(after).as("data_version on the writer's connection: unchanged means its page cache was kept")
                .isEqualTo(before);
        assertThat(jdbc.count("SELECT count(*) FROM sms_consent")).isEqualTo(3);
    }

    @Test
    void aReaderSeesTheLastCommitWhileTheWriterIsInsideATransaction() throws Exception {
        insertConsent("+4915100000001");
        long seen = jdbc.inTransaction(() -> {
            insertConsent("+4915100000002");
            try {
                // a reader on another thread is not held up by the writer's open transaction
                return other.submit(() -> jdbc.count("SELECT count(*) FROM sms_consent")).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(seen).as("the committed row, not the open transaction's").isEqualTo(1);
    }

    @Test
    void theWritersThreadAskingForASecondConnectionGetsOneFromThePool() throws Exception {
        insertConsent("+4915100000001");
        long counted = jdbc.inTransaction(() -> {
            insertConsent("+4915100000002");
            try (Connection second = database.dataSource().getConnection();
                    Statement s = second.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM sms_consent")) {
                rs.next();
                return rs.getLong(1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(counted).as("read on a pooled connection: the last commit").isEqualTo(1);
        assertThat(jdbc.count("SELECT count(*) FROM sms_consent")).isEqualTo(2);
    }

    private int insertConsent(String phone) {
        return jdbc.update("INSERT INTO sms_consent (phone_e164, opted_out, changed_by, changed_at) VALUES (?, FALSE, 'test', ?)",
                phone, AT);
    }

    private long dataVersion() {
        return jdbc.queryOne("PRAGMA data_version", rs -> rs.getLong(1)).orElseThrow();
    }
}
