package dev.candidaterouter.knit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk whose transaction did not commit (InboxChunks, SQLite): its events go back to the inbox with the reason, the
 * ones that failed before the transaction keep the outcome they have; with the database gone, they stay claimed.
 */
class ChunkNotCommittedTest {
    @TempDir
    Path dir;

    @Test
    void theChunksEventsGoBackToTheInboxWithTheReason() throws Exception {
        try (Database database = TestDatabases.open("sqlite", dir)) {
            InboxRepository inbox = new InboxRepository(database.dataSource(), Clock.systemUTC(), "me", Duration.ofMinutes(5), 3);
            List<PreparedEvent> chunk = claimed(inbox, "a", "b");
            chunk.add(1, null); // an event of the chunk that failed before the transaction, its outcome written already

            new InboxOutcome(inbox).chunkNotCommitted(chunk, new SQLException("disk I/O error"));

            Jdbc jdbc = new Jdbc(database.dataSource());
            assertThat(jdbc.query("SELECT status, reason FROM inbox_event ORDER BY seq",
                    rs -> rs.getString(1) + ": " + rs.getString(2)))
                    .containsExactly("received: IllegalStateException: its chunk's transaction did not commit: SQLException: disk I/O error",
                            "received: IllegalStateException: its chunk's transaction did not commit: SQLException: disk I/O error");
            assertThat(inbox.claimBatch(10)).as("taken again at the next poll").hasSize(2);
        }
    }

    @Test
    void withTheDatabaseGoneTheyStayClaimedAndNothingIsThrown() throws Exception {
        Database database = TestDatabases.open("sqlite", dir);
        InboxRepository inbox = new InboxRepository(database.dataSource(), Clock.systemUTC(), "me", Duration.ofMinutes(5), 3);
        List<PreparedEvent> chunk = claimed(inbox, "a");
        database.close();

        assertThatCode(() -> new InboxOutcome(inbox).chunkNotCommitted(chunk, new SQLException("gone")))
                .doesNotThrowAnyException();
    }

    private static List<PreparedEvent> claimed(InboxRepository inbox, String... ids) {
        for (String id : ids) {
            byte[] body = TestEvents.minimal(id);
            inbox.store("int", EnvelopeKeys.peek(body), body);
        }
        List<PreparedEvent> chunk = new ArrayList<>();
        for (InboxEvent event : inbox.claimBatch(ids.length)) {
            chunk.add(new PreparedEvent(event, null, "candidate-record", null, null));
        }
        return chunk;
    }
}
