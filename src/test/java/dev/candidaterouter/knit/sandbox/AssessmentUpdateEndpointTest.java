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
 * The sandbox's {@code POST /v1.0/ats.candidate.assessment.update} answers as Knit does (auth, envelope, codes) and
 * records each accepted order status once per Idempotency-Key.
 */
class AssessmentUpdateEndpointTest {
    private static final String API_KEY = "test-api-key";
    private static final String INTEGRATION = "acme";
    private static final String UPDATE = "{\"candidateAssessmentId\":\"ats_ass_1\",\"id\":\"ats_ass_1\",\"status\":\"PENDING\"}";

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
    void anUpdateWithKnitsAuthIsAcceptedInTheEnvelopeAndRecordedOncePerIdempotencyKey() throws Exception {
        HttpResponse<String> first = post("Bearer " + API_KEY, INTEGRATION, "key-1", UPDATE);
        HttpResponse<String> again = post("Bearer " + API_KEY, INTEGRATION, "key-1", UPDATE);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Knit-Execution-Id")).isPresent();
        assertThat(mapper.readTree(first.body()).path("success").asBoolean()).isTrue();
        assertThat(sandbox.assessmentUpdates()).containsExactly("ats_ass_1: PENDING");
    }

    @Test
    void aWrongKeyIs401AWrongIntegration403AndABodyWithoutOrderOrStatus400() throws Exception {
        assertFailure(post(null, INTEGRATION, "k", UPDATE), 401, "API key");
        assertFailure(post("Bearer nope", INTEGRATION, "k", UPDATE), 401, "API key");
        assertFailure(post("Bearer " + API_KEY, "other", "k", UPDATE), 403, "unknown integration");
        assertFailure(post("Bearer " + API_KEY, INTEGRATION, "k", "{\"status\":\"PENDING\"}"), 400, "names no candidate assessment");
        assertFailure(post("Bearer " + API_KEY, INTEGRATION, "k", "{\"id\":\"ats_ass_1\"}"), 400, "no status");
        assertFailure(post("Bearer " + API_KEY, INTEGRATION, "k", "[1]"), 400, "JSON object");
        assertThat(sandbox.assessmentUpdates()).isEmpty();
    }

    private void assertFailure(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode envelope = mapper.readTree(response.body());
        assertThat(envelope.path("success").asBoolean(true)).isFalse();
        assertThat(envelope.path("error").path("msg").asText()).contains(messagePart);
    }

    private HttpResponse<String> post(String authorization, String integrationId, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v1.0/ats.candidate.assessment.update"))
                .header("Content-Type", "application/json")
                .header("X-Knit-Integration-Id", integrationId)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
