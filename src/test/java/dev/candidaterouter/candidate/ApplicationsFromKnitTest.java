package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Knit's ats_applications and ats_jobs reach the store as candidates do: one sync.start per data type
 * (KNIT_DATA_TYPES), events told apart by syncDataType (or content), stored per integration; stale, duplicate and
 * after-deletion deliveries change nothing.
 */
class ApplicationsFromKnitTest {
    @TempDir
    Path home;

    @Test
    void theSandboxSyncsApplicationsAndJobsAndEachIsStoredOnce() throws Exception {
        Map<String, String> settings = withApplications(RunningApp.defaults(home));
        settings.put("knit.sync-on-start", "true");
        settings.put("knit.sandbox.duplicates", "true");
        try (RunningApp app = RunningApp.start(home, settings)) {
            awaitIdle(app, 3);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM job_application")).isEqualTo(24);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM job")).isEqualTo(5);
            assertThat(app.jdbc().queryOne("SELECT status || '|' || stage_id || '|' || stage_name || '|' || job_id || '|' || candidate_id"
                    + " FROM job_application WHERE application_id = 'app_1002'", rs -> rs.getString(1)))
                    .hasValue("ACTIVE|stg_101_3|technical assessment|job_101|cand_0002");
            assertThat(app.jdbc().queryOne("SELECT status FROM job_application WHERE application_id = 'app_1025'",
                    rs -> rs.getString(1))).hasValue("REJECTED");
            assertThat(app.jdbc().queryOne("SELECT title || '|' || department FROM job WHERE job_id = 'job_103'",
                    rs -> rs.getString(1))).hasValue("Frontend Engineer|Product Engineering");
            assertThat(app.jdbc().queryOne("SELECT stages_json FROM job WHERE job_id = 'job_102'", rs -> rs.getString(1))
                    .orElseThrow()).contains("\"name\":\"Online Assessment\"").contains("\"id\":\"stg_102_3\"");
            assertThat(app.jdbc().count("SELECT COUNT(DISTINCT sync_run_id) FROM sync_run WHERE event_type = 'sync.events.processed'"))
                    .isEqualTo(3);
            // Every candidate's events took the candidate's lock (CandidateLocks), whether their record or an
            // application came first: one row per candidate. On SQLite none: the one writer keeps events apart.
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM candidate_lock"))
                    .isEqualTo("sqlite".equals(TestDatabases.EMBEDDED) ? 0 : app.jdbc().count("SELECT COUNT(*) FROM candidate"));
        }
    }

    @Test
    void anOlderApplicationEventDoesNotOverwriteANewerOneAndADeletedApplicationStaysDeleted() throws Exception {
        Map<String, String> settings = withApplications(RunningApp.defaults(home));
        try (RunningApp app = RunningApp.start(home, settings)) {
            post(app, TestEvents.application("record.modified", "e1", "app-1", "cand-1", "ACTIVE", "Technical Assessment",
                    "2026-02-02T00:00:00Z"));
            post(app, TestEvents.application("record.new", "e2", "app-1", "cand-1", "ACTIVE", "Phone Screen",
                    "2026-01-01T00:00:00Z"));
            awaitIdle(app, 0);
            assertThat(stageOf(app, "app-1")).isEqualTo("Technical Assessment");
            assertThat(reasonOf(app, "e2")).contains("older than the application state");

            post(app, TestEvents.applicationDeleted("e3", "app-1", "cand-1"));
            post(app, TestEvents.application("record.modified", "e4", "app-1", "cand-1", "ACTIVE", "Offer",
                    "2026-03-03T00:00:00Z"));
            awaitIdle(app, 0);
            assertThat(app.jdbc().queryOne("SELECT state FROM job_application WHERE application_id = 'app-1'",
                    rs -> rs.getString(1))).hasValue("deleted");
            assertThat(reasonOf(app, "e4")).contains("application was deleted");
        }
    }

    @Test
    void eventsWithoutSyncDataTypeAreToldApartByTheirContent() throws Exception {
        try (RunningApp app = RunningApp.start(home, withApplications(RunningApp.defaults(home)))) {
            post(app, TestEvents.application("record.new", "e1", "app-2", "cand-2", "ACTIVE", "Assessment",
                    "2026-01-01T00:00:00Z").replace("\"syncDataType\":\"ats_applications\",", ""));
            post(app, TestEvents.job("e2", "Data Engineer").replace("\"syncDataType\":\"ats_jobs\",", ""));
            awaitIdle(app, 0);
            assertThat(stageOf(app, "app-2")).isEqualTo("Assessment");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM job WHERE job_id = 'job-1' AND title = 'Data Engineer'")).isOne();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM candidate")).isZero();
        }
    }

    static void post(RunningApp app, String event) throws Exception {
        byte[] body = TestEvents.bytes(event);
        assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
    }

    static void awaitIdle(RunningApp app, int syncRuns) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() ->
                app.jdbc().count("SELECT COUNT(DISTINCT sync_run_id) FROM sync_run WHERE event_type = 'sync.events.processed'") >= syncRuns
                        && app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                        && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);
    }

    private static String stageOf(RunningApp app, String applicationId) {
        return app.jdbc().queryOne("SELECT stage_name FROM job_application WHERE application_id = ?", rs -> rs.getString(1),
                applicationId).orElseThrow();
    }

    private static String reasonOf(RunningApp app, String eventId) {
        return app.jdbc().queryOne("SELECT COALESCE(reason, status) FROM inbox_event WHERE event_id = ?", rs -> rs.getString(1),
                eventId).orElseThrow();
    }

    static Map<String, String> withApplications(Map<String, String> settings) {
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        return settings;
    }
}
