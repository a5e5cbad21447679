package dev.candidaterouter.candidate;

import static dev.candidaterouter.candidate.ApplicationsFromKnitTest.awaitIdle;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orders from the ATS (Knit's Assessments API, knit-closed-loop.md §3): an event with a candidateAssessment invites
 * the candidate to the ordered package, stage gate or not, once however often it arrives; a candidate we do not know
 * is assembled from the order until their record replaces it.
 */
class OrdersFromTheAtsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    static String order(String eventId, String orderId, String candidateId, String packageId, String email) {
        return TestEvents.order(eventId, orderId, candidateId, packageId, email);
    }

    static void post(RunningApp app, String event) throws Exception {
        byte[] body = TestEvents.bytes(event);
        assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
    }

    static List<String> sends(RunningApp app, String candidateId) {
        return app.jdbc().query("SELECT channel || ':' || assessment_id || ':' || status FROM dispatch WHERE candidate_id = ?"
                + " AND channel <> 'KNIT' ORDER BY channel", rs -> rs.getString(1), candidateId);
    }

    @Test
    void anOrderForAnUnknownCandidateInvitesToTheOrderedPackageAndTheirRecordLaterReplacesTheOrdersCopy() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            post(app, order("o-1", "ats_ass_1", "cand-9", "pkg_9f3aK21", "ada@example.com"));
            awaitIdle(app, 0);
            assertThat(sends(app, "cand-9")).containsExactly("ASSESSMENT:pkg_9f3aK21:sent", "EMAIL:pkg_9f3aK21:sent");
            assertThat(app.jdbc().queryOne("SELECT order_id || '|' || package_id || '|' || application_id FROM assessment_order"
                    + " WHERE candidate_id = 'cand-9'", rs -> rs.getString(1))).hasValue("ats_ass_1|pkg_9f3aK21|app-1");
            assertThat(app.jdbc().queryOne("SELECT invited FROM decision WHERE event_id = 'o-1'", rs -> rs.getBoolean(1)))
                    .hasValue(true);
            // The order hears back (outbox mode: the report's body is written to outbox/knit).
            String key = app.jdbc().queryOne("SELECT dispatch_key FROM dispatch WHERE channel = 'KNIT' AND status = 'sent'",
                    rs -> rs.getString(1)).orElseThrow();
            assertThat(JSON.readTree(home.resolve("outbox/knit/" + key + ".json").toFile()).toString())
                    .isEqualTo("{\"candidateAssessmentId\":\"ats_ass_1\",\"id\":\"ats_ass_1\",\"status\":\"PENDING\"}");

            post(app, TestEvents.candidate("record.modified", "c-1", "cand-9", "Java", "Expert", "2026-03-03T00:00:00Z"));
            awaitIdle(app, 0);
            String profile = app.jdbc().queryOne("SELECT profile_json FROM candidate WHERE candidate_id = 'cand-9'",
                    rs -> rs.getString(1)).orElseThrow();
            assertThat(JSON.readTree(profile).path("skills").toString()).contains("Java");
            // Still the recruiter's package: the order stays the rules' fact; nothing is sent twice.
            assertThat(sends(app, "cand-9")).containsExactly("ASSESSMENT:pkg_9f3aK21:sent", "EMAIL:pkg_9f3aK21:sent");
        }
    }

    @Test
    void anOrderSkipsTheStageGateForAKnownCandidate() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        try (RunningApp app = RunningApp.start(home, settings)) {
            post(app, TestEvents.candidate("record.new", "c-1", "cand-1", "Java", "Expert", "2026-01-01T00:00:00Z"));
            post(app, TestEvents.application("record.new", "a-1", "app-1", "cand-1", "ACTIVE", "Phone Screen",
                    "2026-01-01T00:00:00Z"));
            awaitIdle(app, 0);
            assertThat(sends(app, "cand-1")).isEmpty();

            post(app, order("o-1", "ats_ass_1", "cand-1", "java-senior", "other@example.com"));
            awaitIdle(app, 0);
            // The package table maps java-senior to backend-jvm-advanced; the stored profile (not the order's copy) is used.
            assertThat(sends(app, "cand-1")).contains("ASSESSMENT:backend-jvm-advanced:sent", "EMAIL:backend-jvm-advanced:sent");
            assertThat(app.jdbc().queryOne("SELECT fired_rules FROM decision WHERE event_id = 'o-1'", rs -> rs.getString(1))
                    .orElseThrow()).contains("An order from the ATS invites to the assessment its package stands for");
        }
    }

    @Test
    void anOrderForACandidateDeletedInTheAtsIsKeptButInvitesNobody() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            post(app, TestEvents.deleted("d-1", "cand-gone"));
            awaitIdle(app, 0);
            post(app, order("o-1", "ats_ass_1", "cand-gone", "pkg_a", "gone@example.com"));
            awaitIdle(app, 0);
            assertThat(app.jdbc().queryOne("SELECT status || ': ' || reason FROM inbox_event WHERE event_id = 'o-1'",
                    rs -> rs.getString(1))).hasValue("ignored: order kept, nobody invited: candidate cand-gone was deleted in the ATS");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM assessment_order WHERE candidate_id = 'cand-gone'")).isOne();
            assertThat(app.jdbc().queryOne("SELECT state FROM candidate WHERE candidate_id = 'cand-gone'", rs -> rs.getString(1)))
                    .hasValue("deleted");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch")).isZero();
        }
    }

    @Test
    void aRedeliveredOrRepeatedOrderChangesNothingTwice() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            String event = order("o-1", "ats_ass_1", "cand-9", "pkg_a", "ada@example.com");
            post(app, event);
            post(app, event);
            awaitIdle(app, 0);
            post(app, order("o-2", "ats_ass_1", "cand-9", "pkg_a", "ada@example.com"));
            awaitIdle(app, 0);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE event_id = 'o-1'")).isOne();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM assessment_order")).isOne();
            assertThat(sends(app, "cand-9")).containsExactly("ASSESSMENT:pkg_a:sent", "EMAIL:pkg_a:sent");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch")).isEqualTo(
                    app.jdbc().count("SELECT COUNT(DISTINCT channel || kind) FROM dispatch"));
        }
    }
}
