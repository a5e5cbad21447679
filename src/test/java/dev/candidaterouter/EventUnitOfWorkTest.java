package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.h2.api.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Processing an event is one unit of work: when its last write fails, nothing it wrote before stays behind, and
 * the failure itself is recorded on the event's row. The failure is real: a database trigger refuses to mark one
 * event processed, after the candidate state, the decision and the planned sends were written.
 */
class EventUnitOfWorkTest {
    private static final String BOOM = "injected failure while finishing evt-boom";

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void aFailureAtTheLastStepLeavesNoDecisionAndNoSendsBehind(String db) throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("inbox.max-attempts", "2");
        s.put("db.url", TestDatabases.fileUrl(db, home.resolve("db/candidate-router")));
        String url = null;
        if (db.equals("postgres")) {
            url = Postgres.freshSchemaUrl();
            s.put("db.url", url);
            s.put("db.user", Postgres.USER);
            s.put("db.password", Postgres.PASSWORD);
        }
        try (RunningApp app = RunningApp.start(home, s)) {
            if (url != null) {
                try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD); Statement st = c.createStatement()) {
                    st.execute("""
                            CREATE FUNCTION refuse_boom() RETURNS trigger AS $$
                            BEGIN
                              IF NEW.status = 'processed' AND NEW.event_id = 'evt-boom' THEN
                                RAISE EXCEPTION '%s';
                              END IF;
                              RETURN NEW;
                            END $$ LANGUAGE plpgsql""".formatted(BOOM));
                    st.execute("CREATE TRIGGER refuse_boom BEFORE UPDATE ON inbox_event FOR EACH ROW EXECUTE FUNCTION refuse_boom()");
                }
            } else if (db.equals("sqlite")) {
                app.jdbc().update("""
                        CREATE TRIGGER refuse_boom BEFORE UPDATE ON inbox_event FOR EACH ROW
                          WHEN NEW.status = 'processed' AND NEW.event_id = 'evt-boom'
                        BEGIN SELECT RAISE(ABORT, '%s'); END""".formatted(BOOM));
            } else {
                app.jdbc().update("CREATE TRIGGER refuse_boom BEFORE UPDATE ON inbox_event FOR EACH ROW CALL \""
                        + RefuseBoomOnH2.class.getName() + "\"");
            }
            byte[] boom = bytes(TestEvents.candidate("record.new", "evt-boom", "uow-1", "Java", "Expert", "2025-01-01T00:00:00Z"));
            byte[] fine = bytes(TestEvents.candidate("record.new", "evt-fine", "uow-2", "Java", "Expert", "2025-01-01T00:00:00Z"));
            // Both stored before the inbox looks: one batch, and on SQLite one chunk's transaction (InboxChunks), where
            // the failing event must roll back to its own savepoint and the other still commit.
            app.context().getRouteController().stopRoute("poll-inbox");
            assertThat(app.post("/webhooks/knit", boom, signedHeaders(boom)).statusCode()).isEqualTo(200);
            assertThat(app.post("/webhooks/knit", fine, signedHeaders(fine)).statusCode()).isEqualTo(200);
            app.context().getRouteController().startRoute("poll-inbox");

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE event_id = 'evt-boom' AND status = 'failed'") == 1
                            && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'uow-2' AND status = 'sent'") == 3);

            // The failure was recorded after the rollback, in a write of its own.
            assertThat(app.jdbc().queryOne("SELECT reason FROM inbox_event WHERE event_id = 'evt-boom'", rs -> rs.getString(1)))
                    .get().asString().contains(BOOM);
            // Twice decided by the rules, twice undone: no trace of the failed event's work.
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = 'uow-1'")).isZero();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'uow-1'")).isZero();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE candidate_id = 'uow-1'")).isZero();
            // The other event went through whole.
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = 'uow-2'")).isEqualTo(1);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE candidate_id = 'uow-2'")).isEqualTo(1);
        }
    }

    /**
     * A failure that can never pass (a deletion naming no candidate) leaves the transacted route wrapped by Camel's
     * transaction error handler; it is still told apart from a passing one: quarantined at once, not retried.
     */
    @Test
    void anEventThatCanNeverBeProcessedIsQuarantinedAtOnceWithTheReason() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            byte[] body = bytes("""
                    {"eventId":"evt-nobody","eventType":"record.deleted","syncType":"delta_sync",
                     "syncDataType":"ats_candidates","eventData":{}}""");
            assertThat(app.post("/webhooks/knit", body, signedHeaders(body)).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE event_id = 'evt-nobody' AND status = 'quarantined'") == 1);
            assertThat(app.jdbc().queryOne("SELECT reason FROM inbox_event WHERE event_id = 'evt-nobody'", rs -> rs.getString(1)))
                    .get().asString().startsWith("MalformedEventException: record.deleted names no candidate");
            assertThat(app.jdbc().count("SELECT attempts FROM inbox_event WHERE event_id = 'evt-nobody'")).isEqualTo(1);
        }
    }

    /** H2's form of the PostgreSQL trigger above (H2 runs triggers written in Java, in the app's process). */
    public static class RefuseBoomOnH2 implements Trigger {
        private int status;
        private int eventId;

        @Override
        public void init(Connection conn, String schema, String trigger, String table, boolean before, int type) throws SQLException {
            try (ResultSet columns = conn.getMetaData().getColumns(null, schema, table, null)) {
                while (columns.next()) {
                    int index = columns.getInt("ORDINAL_POSITION") - 1;
                    switch (columns.getString("COLUMN_NAME").toLowerCase()) {
                        case "status" -> status = index;
                        case "event_id" -> eventId = index;
                        default -> { }
                    }
                }
            }
        }

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
            if ("processed".equals(newRow[status]) && "evt-boom".equals(newRow[eventId])) {
                throw new SQLException(BOOM);
            }
        }
    }
}
