package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL an inbox event's own work commits without waiting for the server's disk (INBOX_ASYNC_COMMIT,
 * StoreTransactions.forInboxEvents), and nothing else does: the webhook's store of the event, a send's claim and its
 * outcome keep the default. Read by the server itself: a trigger notes the {@code synchronous_commit} in force for
 * every row the app writes to the inbox and the sends.
 */
class AsyncEventCommitTest {
    @TempDir
    Path home;

    @Test
    void onlyTheEventsOwnWorkCommitsWithoutWaitingForTheDisk() throws Exception {
        List<String> seen = writesAndTheirSetting(Map.of());

        // The event stored by the webhook, before it answered 200: on disk before the answer.
        assertThat(seen).contains("inbox_event INSERT received: on");
        // The event's work: the row marked processed and the sends planned, in one transaction.
        assertThat(seen).contains("inbox_event UPDATE processed: off", "dispatch INSERT pending: off");
        // Each send claimed, then marked sent: what must not be done twice waits for the disk.
        assertThat(seen).contains("dispatch UPDATE sending: on", "dispatch UPDATE sent: on")
                .doesNotContain("dispatch UPDATE sending: off", "dispatch UPDATE sent: off",
                        "inbox_event INSERT received: off");
    }

    @Test
    void anOperatorCanHaveEveryCommitWaitForTheDisk() throws Exception {
        List<String> seen = writesAndTheirSetting(Map.of("inbox.async-commit", "false"));

        assertThat(seen).contains("inbox_event UPDATE processed: on", "dispatch INSERT pending: on", "dispatch UPDATE sent: on")
                .noneMatch(write -> write.endsWith(": off"));
    }

    /** One candidate record through the app on PostgreSQL; each write to the inbox and the sends, with its setting. */
    private List<String> writesAndTheirSetting(Map<String, String> overrides) throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        // The test server runs with synchronous_commit off for speed (as embedded test servers do); the app's
        // connections get the server default a production server has.
        String url = Postgres.freshSchemaUrl() + "&options=-c%20synchronous_commit%3Don";
        s.put("db.url", url);
        s.put("db.user", Postgres.USER);
        s.put("db.password", Postgres.PASSWORD);
        s.putAll(overrides);
        try (RunningApp app = RunningApp.start(home, s)) {
            try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE write_seen (id BIGSERIAL PRIMARY KEY, what TEXT NOT NULL)");
                st.execute("""
                        CREATE FUNCTION note_write() RETURNS trigger AS $$
                        BEGIN
                          INSERT INTO write_seen (what) VALUES (TG_TABLE_NAME || ' ' || TG_OP || ' ' || NEW.status
                            || ': ' || current_setting('synchronous_commit'));
                          RETURN NEW;
                        END $$ LANGUAGE plpgsql""");
                st.execute("CREATE TRIGGER note_write AFTER INSERT OR UPDATE ON inbox_event FOR EACH ROW EXECUTE FUNCTION note_write()");
                st.execute("CREATE TRIGGER note_write AFTER INSERT OR UPDATE ON dispatch FOR EACH ROW EXECUTE FUNCTION note_write()");
            }
            byte[] event = bytes(TestEvents.candidate("record.new", "evt-async", "async-1", "Java", "Expert", "2025-01-01T00:00:00Z"));
            assertThat(app.post("/webhooks/knit", event, signedHeaders(event)).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'async-1' AND status = 'sent'") == 3);
            return app.jdbc().query("SELECT what FROM write_seen ORDER BY id", rs -> rs.getString(1));
        }
    }
}
