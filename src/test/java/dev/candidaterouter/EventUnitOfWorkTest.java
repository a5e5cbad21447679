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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processing an event is one unit of work: when its last write fails, nothing it wrote before stays behind. The
 * failure is real: a PostgreSQL trigger refuses to mark one event processed, after the candidate state, the
 * decision and the planned sends were written.
 */
class EventUnitOfWorkTest {
    @TempDir
    Path home;

    @Test
    void aFailureAtTheLastStepLeavesNoDecisionAndNoSendsBehind() throws Exception {
        String url = Postgres.freshSchemaUrl();
        Map<String, String> s = RunningApp.defaults(home);
        s.put("db.url", url);
        s.put("db.user", Postgres.USER);
        s.put("db.password", Postgres.PASSWORD);
        s.put("inbox.max-attempts", "2");
        try (RunningApp app = RunningApp.start(home, s)) {
            try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD); Statement st = c.createStatement()) {
                st.execute("""
                        CREATE FUNCTION refuse_boom() RETURNS trigger AS $$
                        BEGIN
                          IF NEW.status = 'processed' AND NEW.event_id = 'evt-boom' THEN
                            RAISE EXCEPTION 'injected failure while finishing evt-boom';
                          END IF;
                          RETURN NEW;
                        END $$ LANGUAGE plpgsql""");
                st.execute("CREATE TRIGGER refuse_boom BEFORE UPDATE ON inbox_event FOR EACH ROW EXECUTE FUNCTION refuse_boom()");
            }
            byte[] boom = bytes(TestEvents.candidate("record.new", "evt-boom", "uow-1", "Java", "Expert", "2025-01-01T00:00:00Z"));
            byte[] fine = bytes(TestEvents.candidate("record.new", "evt-fine", "uow-2", "Java", "Expert", "2025-01-01T00:00:00Z"));
            assertThat(app.post("/webhooks/knit", boom, signedHeaders(boom)).statusCode()).isEqualTo(200);
            assertThat(app.post("/webhooks/knit", fine, signedHeaders(fine)).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE event_id = 'evt-boom' AND status = 'failed'") == 1
                            && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'uow-2' AND status = 'sent'") == 3);

            assertThat(app.jdbc().queryOne("SELECT reason FROM inbox_event WHERE event_id = 'evt-boom'", rs -> rs.getString(1)))
                    .get().asString().contains("injected failure while finishing evt-boom");
            // Twice decided by the rules, twice undone: no trace of the failed event's work.
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = 'uow-1'")).isZero();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'uow-1'")).isZero();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE candidate_id = 'uow-1'")).isZero();
            // The other event went through whole.
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = 'uow-2'")).isEqualTo(1);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE candidate_id = 'uow-2'")).isEqualTo(1);
        }
    }
}
