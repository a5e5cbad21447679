package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two transactions on SQLite that each read a row and then write it. Left to SQLite, the second would read the row
 * before the first wrote it and then be refused (SQLITE_BUSY: another writer committed since it read), or commit a
 * lost update. With the process's writers taking turns, the second begins only once the first has ended, sees its
 * write, and both increments land.
 */
class SingleWriterTest {
    @TempDir
    Path dir;

    @Test
    void aSecondReadThenWriteTransactionWaitsForTheFirstAndSeesItsWrite() throws Exception {
        ExecutorService second = Executors.newSingleThreadExecutor();
        try (Database database = TestDatabases.open("sqlite", dir)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            Instant at = Instant.parse("2026-12-01T00:00:00Z");
            jdbc.update("INSERT INTO sms_consent (phone_e164, opted_out, changed_by, changed_at) VALUES ('+4915100000000', FALSE, '0', ?)", at);

            Future<?>[] started = new Future<?>[1];
            jdbc.inTransaction(() -> {
                int seen = readCount(jdbc);
                started[0] = second.submit(() -> jdbc.inTransaction(() -> writeCount(jdbc, readCount(jdbc) + 1)));
                // The second transaction may not get in while this one runs.
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !started[0].isDone());
                return writeCount(jdbc, seen + 1);
            });
            started[0].get(30, TimeUnit.SECONDS);
            assertThat(readCount(jdbc)).as("both increments, one after the other").isEqualTo(2);
        } finally {
            second.shutdownNow();
        }
    }

    /** A counter kept in a text column of a one-row table, enough to read and write in one transaction. */
    private static int readCount(Jdbc jdbc) {
        return Integer.parseInt(jdbc.queryOne("SELECT changed_by FROM sms_consent", rs -> rs.getString(1)).orElseThrow());
    }

    private static int writeCount(Jdbc jdbc, int value) {
        return jdbc.update("UPDATE sms_consent SET changed_by = ?", String.valueOf(value));
    }
}
