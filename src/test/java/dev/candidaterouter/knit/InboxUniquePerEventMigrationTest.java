package dev.candidaterouter.knit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.Postgres;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migration V3 on a database that already holds the same Knit event under two integrations (a replay stored
 * before the inbox became unique per eventId), on H2 and on PostgreSQL: the first copy keeps the event, the later
 * copy keeps its row but is not processed, and from then on a replay under any integration is a duplicate.
 */
class InboxUniquePerEventMigrationTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eventStoredUnderTwoIntegrationsBeforeV3IsKeptOnceAndAReplayIsADuplicateAfterwards(String db) throws Exception {
        String url = "postgres".equals(db) ? Postgres.freshSchemaUrl() : "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        String user = "postgres".equals(db) ? Postgres.USER : "sa";
        String password = "postgres".equals(db) ? Postgres.PASSWORD : "";
        Flyway upToV2 = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target("2").load();
        upToV2.migrate();
        Jdbc before = new Jdbc(upToV2.getConfiguration().getDataSource());
        String insert = "INSERT INTO inbox_event (integration_id, event_id, body, body_sha256, status, received_at)"
                + " VALUES (?, ?, '{}', 'sha', ?, ?)";
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        before.update(insert, "acme", "evt-1", "processed", now);
        before.update(insert, "globex", "evt-1", "received", now);
        before.update(insert, "acme", "evt-2", "processed", now);
        before.update("INSERT INTO inbox_event (integration_id, event_id, body, body_sha256, status, reason, received_at)"
                + " VALUES ('initech', 'evt-2', '{}', 'sha', 'failed', 'RuleCompilationException: broken', ?)", now);

        try (Database database = Database.open(url, user, password, 2)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            assertThat(jdbc.query("SELECT integration_id, status FROM inbox_event WHERE event_id = 'evt-1'",
                    rs -> rs.getString(1) + "/" + rs.getString(2))).containsExactly("acme/processed");
            assertThat(jdbc.query("SELECT status, reason FROM inbox_event WHERE integration_id = 'globex'",
                    rs -> rs.getString(1) + ": " + rs.getString(2)))
                    .containsExactly("ignored: copy of event evt-1 received under another integration; the first copy counts");
            assertThat(jdbc.query("SELECT status, reason FROM inbox_event WHERE integration_id = 'initech'",
                    rs -> rs.getString(1) + ": " + rs.getString(2))).as("a finished copy keeps its state and its reason")
                    .containsExactly("failed: copy of event evt-2 received under another integration; the first copy counts"
                            + "; was: RuleCompilationException: broken");
            assertThat(jdbc.count("SELECT COUNT(*) FROM inbox_event")).isEqualTo(4);

            InboxRepository inbox = new InboxRepository(database.dataSource(), Clock.systemUTC(), "test", Duration.ofMinutes(5), 5);
            assertThat(inbox.store("globex", EnvelopeKeys.peek(TestEvents.minimal("evt-2")), TestEvents.minimal("evt-2")))
                    .as("evt-2 replayed under globex").isFalse();
            assertThat(inbox.store("globex", EnvelopeKeys.peek(TestEvents.minimal("evt-3")), TestEvents.minimal("evt-3")))
                    .as("a new event").isTrue();
        }
    }
}
