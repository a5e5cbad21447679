package dev.candidaterouter.knit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's ATS writes (attachment.add, stage.update, passthrough) answer as Knit does, are recorded once per
 * Idempotency-Key, and show in its views: every write, and per application what it holds and where it was moved.
 */
class AtsWritesEndpointTest {
    private static final String API_KEY = "test-api-key";
    private static final String INTEGRATION = "acme";
    private static final String ATTACHMENT = """
            {"applicationId":"app-1","candidateId":"c-1","fileName":"a-result.pdf","fileUrl":"https://r.example.com/a.pdf",
             "contentType":"application/pdf","fileType":"NOT_SPECIFIED"}""";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private KnitSandbox sandbox;

    @BeforeEach
    void startSandbox(@TempDir Path samples) {
        sandbox = new KnitSandbox(KnitSandbox.Settings.builder().apiKey(API_KEY).integration(INTEGRATION, samples)
                .webhookUrl("http://127.0.0.1:9/unused").build()).start();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void everyWriteIsRecordedOncePerKeyAndShownPerApplication() throws Exception {
        assertThat(post("/v1.0/ats.application.attachment.add", "Bearer " + API_KEY, "k-1", ATTACHMENT).statusCode()).isEqualTo(200);
        assertThat(post("/v1.0/ats.application.attachment.add", "Bearer " + API_KEY, "k-1", ATTACHMENT).statusCode()).isEqualTo(200);
        HttpResponse<String> move = post("/v1.0/ats.application.stage.update", "Bearer " + API_KEY, "k-2",
                "{\"applicationId\":\"app-1\",\"stageId\":\"stage-onsite\"}");
        assertThat(move.statusCode()).isEqualTo(200);
        assertThat(mapper.readTree(move.body()).path("success").asBoolean()).isTrue();
        assertThat(post("/v1.0/passthrough", "Bearer " + API_KEY, "k-3",
                "{\"method\":\"POST\",\"path\":\"/v1/candidates/c-1/activity_feed/notes\",\"body\":\"{}\"}").statusCode()).isEqualTo(200);

        assertThat(sandbox.atsWrites()).containsExactly("ats.application.attachment.add app-1",
                "ats.application.stage.update app-1", "passthrough null");
        JsonNode all = mapper.readTree(get("/sandbox/ats/writes", "Bearer " + API_KEY).body());
        assertThat(all.path("count").asInt()).isEqualTo(3);
        JsonNode app = mapper.readTree(get("/sandbox/ats/applications/app-1", "Bearer " + API_KEY).body());
        assertThat(app.path("movedToStage").asText()).isEqualTo("stage-onsite");
        assertThat(app.path("writes")).hasSize(2);
        assertThat(app.path("writes").get(0).path("body").path("fileUrl").asText()).isEqualTo("https://r.example.com/a.pdf");
        assertThat(get("/sandbox/ats/writes", null).statusCode()).isEqualTo(401);
    }

    @Test
    void writesThatMissWhatTheCallNeedsAre400AndNotRecorded() throws Exception {
        assertFailure(post("/v1.0/ats.application.attachment.add", null, "k", ATTACHMENT), 401, "API key");
        assertFailure(post("/v1.0/ats.application.attachment.add", "Bearer " + API_KEY, "k",
                "{\"applicationId\":\"app-1\",\"fileName\":\"x.pdf\"}"), 400, "exactly one of fileUrl and fileContent");
        assertFailure(post("/v1.0/ats.application.attachment.add", "Bearer " + API_KEY, "k",
                "{\"applicationId\":\"app-1\",\"fileName\":\"x.txt\",\"fileContent\":\"not base64!\"}"), 400, "base64");
        assertFailure(post("/v1.0/ats.application.stage.update", "Bearer " + API_KEY, "k", "{\"applicationId\":\"app-1\"}"),
                400, "target stage");
        assertFailure(post("/v1.0/passthrough", "Bearer " + API_KEY, "k", "{\"method\":\"POST\"}"), 400, "path");
        assertThat(sandbox.atsWrites()).isEmpty();
    }

    private void assertFailure(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode envelope = mapper.readTree(response.body());
        assertThat(envelope.path("success").asBoolean(true)).isFalse();
        assertThat(envelope.path("error").path("msg").asText()).contains(messagePart);
    }

    private HttpResponse<String> post(String path, String authorization, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/json")
                .header("X-Knit-Integration-Id", INTEGRATION)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
