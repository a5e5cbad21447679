package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API: token required, sync on demand, dead letters, rule sets, candidate look-up with masking. */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "admin-test-token";

    @TempDir
    Path home;

    private static HttpResponse<String> call(RunningApp app, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyAdminCallNeedsTheToken() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("admin.token", TOKEN);
        try (RunningApp app = RunningApp.start(home, s)) {
            for (String[] call : new String[][] {{"POST", "/admin/sync"}, {"GET", "/admin/dead-letters"}, {"GET", "/admin/rules"},
                    {"GET", "/admin/candidates/x"}, {"POST", "/admin/dispatches/replay"}}) {
                assertThat(call(app, call[0], call[1], null).statusCode()).as(call[1]).isEqualTo(401);
                assertThat(call(app, call[0], call[1], "wrong").statusCode()).as(call[1]).isEqualTo(401);
            }
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM sync_run")).isZero();
            // The Rest DSL serves the admin API on the public port only: the management port has no login.
            HttpResponse<String> onManagementPort = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + app.managementPort() + "/admin/rules")).header("Authorization", "Bearer " + TOKEN)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(onManagementPort.statusCode()).isEqualTo(404);
            assertThat(call(app, "GET", "/admin/rules", TOKEN).statusCode()).isEqualTo(200);
            // No such call, or not with this method: refused by the HTTP server, without internals.
            HttpResponse<String> unknown = call(app, "GET", "/admin/nothing-here", TOKEN);
            HttpResponse<String> wrongMethod = call(app, "DELETE", "/admin/rules", TOKEN);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(unknown.body() + wrongMethod.body()).doesNotContain("Exception").doesNotContain("at org.");
        }
    }

    @Test
    void syncOnDemandRunsTheSandboxSyncAndRulesShowTheirVersion() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("admin.token", TOKEN);
        try (RunningApp app = RunningApp.start(home, s)) {
            assertThat(call(app, "POST", "/admin/sync", TOKEN).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'") == 1);
            JsonNode rules = JSON.readTree(call(app, "GET", "/admin/rules", TOKEN).body());
            assertThat(rules.at("/ruleSets/0/version").asText()).hasSize(12);
            assertThat(rules.at("/ruleSets/0/ruleCount").asInt()).isPositive();
        }
    }

    @Test
    void candidateLookUpMasksContactDataUnlessRevealed() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("admin.token", TOKEN);
        try (RunningApp app = RunningApp.start(home, s)) {
            byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-admin", "Java", "Expert",
                    "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-admin' AND status = 'sent'") == 3);

            HttpResponse<String> masked = call(app, "GET", "/admin/candidates/c-admin", TOKEN);
            assertThat(masked.statusCode()).isEqualTo(200);
            assertThat(masked.body()).doesNotContain("zoe.angstrom@example.com").doesNotContain("Ångström")
                    .contains("z***@e***.com");
            JsonNode answer = JSON.readTree(masked.body());
            assertThat(answer.at("/decisions/0/assessment_id").asText()).isEqualTo("backend-jvm-advanced");
            assertThat(answer.path("sends")).hasSize(3);

            String revealed = call(app, "GET", "/admin/candidates/c-admin?reveal=true", TOKEN).body();
            assertThat(revealed).contains("zoe.angstrom@example.com");
            HttpResponse<String> unknown = call(app, "GET", "/admin/candidates/nobody", TOKEN);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("no candidate nobody");

            String deadLetters = call(app, "GET", "/admin/dead-letters", TOKEN).body();
            assertThat(JSON.readTree(deadLetters).path("sends")).isEmpty();

            // A stored error is masked for contact data only: its dates, addresses and ids stay readable.
            app.jdbc().update("UPDATE dispatch SET status = 'dead', last_error = ? WHERE candidate_id = 'c-admin' AND channel = 'SMS'",
                    "HTTP 503 at 2025-01-01 10:00:00 from 192.168.100.200 (request 12345678-abcd-4ef0-9abc-def012345678,"
                            + " 1234567 ms): The 'To' number +1 415 555 0123 is unreachable");
            String lastError = JSON.readTree(call(app, "GET", "/admin/dead-letters", TOKEN).body()).at("/sends/0/last_error").asText();
            assertThat(lastError).isEqualTo("HTTP 503 at 2025-01-01 10:00:00 from 192.168.100.200 (request"
                    + " 12345678-abcd-4ef0-9abc-def012345678, 1234567 ms): The 'To' number +1********23 is unreachable");
        }
    }

    @Test
    void maskedCandidateViewHidesTheResumesFileNameAndStoredPathAndInboxReasonsAreLoggedMasked() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("admin.token", TOKEN);
        String pdf = java.util.Base64.getEncoder().encodeToString(bytes("%PDF-1.4 a resume"));
        try (RunningApp app = RunningApp.start(home, s); CapturedLogs logs = CapturedLogs.capture()) {
            byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-resume", "Java", "Expert",
                    "2025-01-01T00:00:00Z").replace("\"skills\":[", "\"attachments\":[{\"fileType\":\"RESUME\","
                    + "\"fileName\":\"zoe-angstrom-cv.pdf\",\"attachmentContent\":\"" + pdf + "\"}],\"skills\":["));
            app.post("/webhooks/knit", body, signedHeaders(body));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE candidate_id = 'c-resume'") == 1);

            String masked = call(app, "GET", "/admin/candidates/c-resume", TOKEN).body();
            assertThat(masked).doesNotContain("zoe-angstrom").doesNotContain(home.toAbsolutePath().toString());
            assertThat(JSON.readTree(masked).at("/candidate/0/profile/resume/fileType").asText()).isEqualTo("RESUME");
            String revealed = call(app, "GET", "/admin/candidates/c-resume?reveal=true", TOKEN).body();
            assertThat(JSON.readTree(revealed).at("/candidate/0/profile/resume/storedPath").asText())
                    .startsWith(home.resolve("attachments").toAbsolutePath().toString()).endsWith("zoe-angstrom-cv.pdf");

            // An event type Knit does not have is kept as ignored with a reason quoting it: the log masks it.
            String eventId = TestEvents.newId();
            byte[] odd = bytes("{\"eventId\":\"" + eventId + "\",\"eventType\":\"zoë.ångström@exämple.de 415.555.0123\","
                    + "\"eventData\":{}}");
            app.post("/webhooks/knit", odd, signedHeaders(odd));
            await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                    "SELECT COUNT(*) FROM inbox_event WHERE event_id = ? AND status = 'ignored'", eventId) == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.text().contains("event " + eventId));
            assertThat(logs.text()).contains("z***@e***.de").doesNotContain("ångström").doesNotContain("exämple")
                    .doesNotContain("555.0123");
        }
    }
}
