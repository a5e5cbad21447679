package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request headers never come back in an answer: Camel's HTTP consumer used to copy the exchange's headers, and so
 * every request header (a signature, a made-up probe), into the response of every platform-http route.
 */
class ResponseHeadersTest {
    private static final String TOKEN = "admin-token-for-tests";
    private static final String PROBE = "X-Probe";

    @TempDir
    Path home;

    RunningApp app;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("admin.token", TOKEN);
        app = RunningApp.start(home, settings);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static void assertNoRequestHeaderEchoed(HttpResponse<String> answer) {
        assertThat(answer.headers().map().keySet()).as("response headers of %s", answer.uri())
                .noneMatch(h -> h.equalsIgnoreCase(PROBE))
                .noneMatch(h -> h.equalsIgnoreCase("X-Knit-Signature"))
                .noneMatch(h -> h.equalsIgnoreCase("X-Knit-Integration-Id"))
                .noneMatch(h -> h.equalsIgnoreCase("Authorization"));
        assertThat(answer.headers().map().values().toString()).doesNotContain("echo-me");
    }

    @Test
    void webhookAnswersDoNotEchoRequestHeaders() throws Exception {
        byte[] body = TestEvents.minimal(TestEvents.newId());
        Map<String, String> headers = new HashMap<>(TestEvents.signedHeaders(body));
        headers.put(PROBE, "echo-me");
        HttpResponse<String> stored = app.post("/webhooks/knit", body, headers);
        assertThat(stored.statusCode()).isEqualTo(200);
        assertNoRequestHeaderEchoed(stored);

        headers.put("X-Knit-Signature", "sha256=echo-me");
        HttpResponse<String> refused = app.post("/webhooks/knit", body, headers);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertNoRequestHeaderEchoed(refused);
    }

    @Test
    void rulesEvaluateAnswersDoNotEchoRequestHeaders() throws Exception {
        HttpResponse<String> answer = app.post("/rules/evaluate", bytes("""
                {"profile": {"skills": [{"name": "Rust", "proficiency": "Expert"}]}}"""),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TOKEN, PROBE, "echo-me"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertNoRequestHeaderEchoed(answer);
    }

    @Test
    void adminAnswersDoNotEchoRequestHeaders() throws Exception {
        HttpResponse<String> answer = app.get("/admin/rules", Map.of("Authorization", "Bearer " + TOKEN, PROBE, "echo-me"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertNoRequestHeaderEchoed(answer);
    }
}
