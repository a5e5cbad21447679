package dev.candidaterouter.knit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's {@code POST /v1.0/sync.start} answers as Knit does: same auth, envelope, codes and headers. */
class SyncStartEndpointTest {
    private static final String API_KEY = "test-api-key";
    private static final String INTEGRATION = "acme";
    private static final String INITIAL = "{\"dataType\":\"ats_candidates\",\"syncType\":\"initial_sync\"}";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private RecordingWebhook webhook;
    private KnitSandbox sandbox;

    @BeforeEach
    void startSandbox(@TempDir Path samples) {
        SampleFiles.candidate(samples, "c-1");
        webhook = new RecordingWebhook();
        sandbox = new KnitSandbox(KnitSandbox.Settings.builder()
                .apiKey(API_KEY)
                .integration(INTEGRATION, samples)
                .webhookUrl(webhook.url())
                .retryPolicy(RetryPolicy.quick(3, Duration.ofMillis(10)))
                .build()).start();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
        webhook.close();
    }

    @Test
    void syncStartWithoutApiKeyIsRejectedWith401Envelope() throws Exception {
        HttpResponse<String> response = post(null, INTEGRATION, INITIAL);

        assertThat(response.statusCode()).isEqualTo(401);
        assertFailureEnvelope(response, "API key");
        assertThat(sandbox.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(webhook.deliveries()).isEmpty();
    }

    @Test
    void syncStartWithWrongApiKeyIsRejectedWith401Envelope() throws Exception {
        HttpResponse<String> response = post("Bearer not-the-key", INTEGRATION, INITIAL);

        assertThat(response.statusCode()).isEqualTo(401);
        assertFailureEnvelope(response, "API key");
    }

    @Test
    void syncStartForAnUnknownIntegrationIsRejectedWith403Envelope() throws Exception {
        HttpResponse<String> response = post("Bearer " + API_KEY, "someone-else", INITIAL);

        assertThat(response.statusCode()).isEqualTo(403);
        assertFailureEnvelope(response, "someone-else");
    }

    @Test
    void syncStartWithUnknownDataTypeIsRejectedWith400Envelope() throws Exception {
        HttpResponse<String> response = post("Bearer " + API_KEY, INTEGRATION, "{\"dataType\":\"hris_employees\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertFailureEnvelope(response, "unknown dataType");
    }

    @Test
    void syncStartWithMalformedJsonIsRejectedWith400Envelope() throws Exception {
        HttpResponse<String> response = post("Bearer " + API_KEY, INTEGRATION, "{\"dataType\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertFailureEnvelope(response, "malformed JSON");
    }

    @Test
    void syncStartWithUnknownSyncTypeIsRejectedWith400Envelope() throws Exception {
        HttpResponse<String> response = post("Bearer " + API_KEY, INTEGRATION,
                "{\"dataType\":\"ats_candidates\",\"syncType\":\"full_sync\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertFailureEnvelope(response, "unknown syncType");
    }

    @Test
    void acceptedSyncStartAnswersWithRunIdsAndExecutionId() throws Exception {
        HttpResponse<String> response = post("Bearer " + API_KEY, INTEGRATION, INITIAL);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Knit-Execution-Id")).isPresent();
        JsonNode envelope = mapper.readTree(response.body());
        assertThat(envelope.path("success").asBoolean()).isTrue();
        assertThat(envelope.path("data").path("syncJobId").asText()).isNotBlank();
        assertThat(envelope.path("data").path("syncRunId").asText()).isNotBlank();
        assertThat(sandbox.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(webhook.deliveries()).extracting(RecordingWebhook.Delivery::eventType)
                .containsExactly("record.new", "sync.events.processed");
    }

    @Test
    void syncTypeDefaultsToInitialSync() throws Exception {
        HttpResponse<String> response = post("Bearer " + API_KEY, INTEGRATION, "{\"dataType\":\"ats_candidates\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sandbox.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(webhook.deliveries()).first()
                .satisfies(first -> assertThat(first.json().path("syncType").asText()).isEqualTo("initial_sync"));
    }

    @Test
    void theJobIdStaysAndTheRunIdChangesBetweenRuns() throws Exception {
        JsonNode first = mapper.readTree(post("Bearer " + API_KEY, INTEGRATION, INITIAL).body()).path("data");
        JsonNode second = mapper.readTree(post("Bearer " + API_KEY, INTEGRATION, INITIAL).body()).path("data");

        assertThat(second.path("syncJobId")).isEqualTo(first.path("syncJobId"));
        assertThat(second.path("syncRunId")).isNotEqualTo(first.path("syncRunId"));
    }

    @Test
    void subscribedModelsLimitWhatEventDataCarries() throws Exception {
        HttpResponse<String> response = post("Bearer " + API_KEY, INTEGRATION,
                "{\"dataType\":\"ats_candidates\",\"models\":[\"candidate_info\",\"candidate_skills\"]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sandbox.awaitIdle(Duration.ofSeconds(10))).isTrue();
        JsonNode eventData = webhook.deliveries().get(0).json().path("eventData");
        assertThat(eventData.fieldNames()).toIterable().containsExactlyInAnyOrder("info", "skills");
    }

    @Test
    void unknownModelIsRejectedWith400Envelope() throws Exception {
        HttpResponse<String> response = post("Bearer " + API_KEY, INTEGRATION,
                "{\"dataType\":\"ats_candidates\",\"models\":[\"candidate_hobbies\"]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertFailureEnvelope(response, "candidate_hobbies");
    }

    @Test
    void applicationsAndJobsAreServedFromTheirSampleFoldersWithTheirDataType(@TempDir Path samples) throws Exception {
        java.nio.file.Files.createDirectories(samples.resolve("applications"));
        java.nio.file.Files.writeString(samples.resolve("applications/01.json"), """
                {"info": {"id": "app-1", "status": "ACTIVE", "candidate": {"id": "c-1"}, "jobId": "job-1"},
                 "currentStage": {"id": "s-2", "name": "Assessment"}, "rejection": null, "interviews": []}""");
        try (RecordingWebhook hook = new RecordingWebhook();
             KnitSandbox knit = new KnitSandbox(KnitSandbox.Settings.builder().apiKey(API_KEY)
                     .integration(INTEGRATION, samples).webhookUrl(hook.url()).build()).start()) {
            HttpResponse<String> wrongModel = post(knit, "{\"dataType\":\"ats_applications\",\"models\":[\"candidate_info\"]}");
            assertThat(wrongModel.statusCode()).isEqualTo(400);
            assertThat(wrongModel.body()).contains("unknown model 'candidate_info' for ats_applications");

            assertThat(post(knit, "{\"dataType\":\"ats_applications\",\"models\":[\"application_info\",\"application_stage\"]}")
                    .statusCode()).isEqualTo(200);
            assertThat(post(knit, "{\"dataType\":\"ats_jobs\"}").statusCode()).isEqualTo(200);
            assertThat(knit.awaitIdle(Duration.ofSeconds(10))).isTrue();

            List<JsonNode> events = hook.deliveries().stream().map(RecordingWebhook.Delivery::json).toList();
            JsonNode application = events.stream().filter(e -> e.path("eventType").asText().equals("record.new")).findFirst().orElseThrow();
            assertThat(application.path("syncDataType").asText()).isEqualTo("ats_applications");
            assertThat(application.path("recordId").asText()).isEqualTo("app-1");
            assertThat(application.path("eventData").fieldNames()).toIterable().containsExactlyInAnyOrder("info", "currentStage");
            // No jobs/ folder: a run without records, closed as usual.
            assertThat(events).filteredOn(e -> e.path("syncDataType").asText().equals("ats_jobs"))
                    .extracting(e -> e.path("eventType").asText()).containsExactly("sync.events.processed");
        }
    }

    private HttpResponse<String> post(KnitSandbox knit, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(java.net.URI.create(knit.baseUrl() + "/v1.0/sync.start"))
                .header("Authorization", "Bearer " + API_KEY).header("X-Knit-Integration-Id", INTEGRATION)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertFailureEnvelope(HttpResponse<String> response, String messagePart) throws Exception {
        assertThat(response.headers().firstValue("X-Knit-Execution-Id")).isPresent();
        JsonNode envelope = mapper.readTree(response.body());
        assertThat(envelope.path("success").isBoolean()).isTrue();
        assertThat(envelope.path("success").asBoolean()).isFalse();
        assertThat(envelope.path("error").path("msg").asText()).contains(messagePart);
    }

    private HttpResponse<String> post(String authorization, String integrationId, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/v1.0/sync.start"))
                .header("Content-Type", "application/json")
                .header("X-Knit-Integration-Id", integrationId)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
