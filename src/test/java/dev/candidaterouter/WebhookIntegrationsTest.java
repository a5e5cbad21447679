package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.knit.KnitSignature;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two customers on one process ({@code KNIT_INTEGRATION_ID=acme,globex}). Knit's signature covers the body, not the
 * {@code X-Knit-Integration-Id} header, so the header must not decide whether an event is new: the event is
 * Knit's {@code eventId}, and an integration we do not serve is refused before anything is stored.
 */
class WebhookIntegrationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-token-for-tests";

    @TempDir
    Path home;

    RunningApp app;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.integration-id", "acme,globex");
        settings.put("admin.token", ADMIN_TOKEN);
        app = RunningApp.start(home, settings);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static Map<String, String> signedFor(String integration, byte[] body) {
        Map<String, String> headers = new HashMap<>(TestEvents.signedHeaders(body));
        if (integration == null) {
            headers.remove("X-Knit-Integration-Id");
        } else {
            headers.put("X-Knit-Integration-Id", integration);
        }
        return headers;
    }

    @Test
    void signedEventReplayedUnderAnotherCustomerIsAcknowledgedAsDuplicateAndProcessedOnce() throws Exception {
        String eventId = TestEvents.newId();
        byte[] body = bytes(TestEvents.candidate("record.new", eventId, "c-replay", "Java", "Expert", "2025-01-01T00:00:00Z"));

        HttpResponse<String> original = app.post("/webhooks/knit", body, signedFor("acme", body));
        HttpResponse<String> replay = app.post("/webhooks/knit", body, signedFor("globex", body));

        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(original.body()).path("status").asText()).isEqualTo("stored");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("status").asText()).isEqualTo("duplicate");

        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM inbox_event WHERE event_id = ? AND status = 'processed'", eventId) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-replay' AND status <> 'sent'") == 0);

        assertThat(app.jdbc().query("SELECT integration_id FROM inbox_event WHERE event_id = ?", rs -> rs.getString(1), eventId))
                .containsExactly("acme");
        assertThat(app.jdbc().query("SELECT integration_id FROM decision WHERE candidate_id = 'c-replay'", rs -> rs.getString(1)))
                .containsExactly("acme");
        assertThat(app.jdbc().query("SELECT DISTINCT integration_id FROM dispatch WHERE candidate_id = 'c-replay'",
                rs -> rs.getString(1))).containsExactly("acme");
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE candidate_id = 'c-replay'")).isEqualTo(1);
        // What reached the candidate (the only one in this test): one invitation and one email.
        assertThat(outboxFiles("assessment")).isEqualTo(1);
        assertThat(outboxFiles("email")).isEqualTo(1);
    }

    @Test
    void eventOfAnIntegrationThatIsNotConfiguredIsRefusedCountedAndNothingStored() throws Exception {
        byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-stranger", "Java", "Expert",
                "2025-01-01T00:00:00Z"));
        // Unreadable bodies were stored (quarantined) once per made-up id: refused as well, before any storing.
        byte[] garbage = bytes("{\"eventId\": \"e-stranger\", \"eventData\": ");

        try (CapturedLogs logs = CapturedLogs.capture()) {
            HttpResponse<String> answer = app.post("/webhooks/knit", body, signedFor("initech-made-up", body));
            HttpResponse<String> quarantinable = app.post("/webhooks/knit", garbage, signedFor("umbrella-made-up", garbage));

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(JSON.readTree(answer.body()).path("error").asText()).contains("X-Knit-Integration-Id")
                    .contains("not a configured integration");
            assertThat(answer.body()).doesNotContain("initech");
            assertThat(quarantinable.statusCode()).isEqualTo(403);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event")).isZero();
            assertThat(logs.text()).contains("unknown integration").contains("initech-made-up");
        }
        assertThat(metric("candidate_router_webhook_events_total", "outcome=\"unknown_integration\"")).isEqualTo(2.0);
    }

    @Test
    void eventWithoutIntegrationHeaderIsRefusedWhenSeveralIntegrationsAreConfigured() throws Exception {
        byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-nobody", "Java", "Expert",
                "2025-01-01T00:00:00Z"));
        HttpResponse<String> answer = app.post("/webhooks/knit", body, signedFor(null, body));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(answer.body()).path("error").asText()).contains("X-Knit-Integration-Id").contains("missing");
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event")).isZero();
    }

    @Test
    void badSignatureIsStillAnsweredFirstWhateverTheIntegration() throws Exception {
        byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-sig", "Java", "Expert", "2025-01-01T00:00:00Z"));
        Map<String, String> headers = signedFor("initech-made-up", body);
        headers.put(KnitSignature.HEADER, new KnitSignature("another-key").sign(body));
        assertThat(app.post("/webhooks/knit", body, headers).statusCode()).isEqualTo(401);
        assertThat(metric("candidate_router_webhook_events_total", "outcome=\"unknown_integration\"")).isZero();
    }

    @Test
    void sandboxSendingTheSameSamplesForBothCustomersGivesEachItsOwnEvents() throws Exception {
        long samples;
        try (Stream<Path> files = Files.list(Path.of("samples/knit"))) {
            samples = files.filter(f -> f.toString().endsWith(".json")).count();
        }
        HttpResponse<String> sync = app.post("/admin/sync", new byte[0], Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
        assertThat(sync.statusCode()).as(sync.body()).isEqualTo(202);

        // Same candidates, one event each per customer: eventIds must not collide, or globex's would be duplicates.
        await().atMost(Duration.ofSeconds(60)).until(() -> app.jdbc().count(
                "SELECT COUNT(DISTINCT integration_id || '/' || candidate_id) FROM decision") == 2 * samples);
        assertThat(app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision WHERE integration_id = 'globex'"))
                .isEqualTo(samples);
    }

    /** Payloads the outbox channel wrote (one file per send). */
    private long outboxFiles(String channel) throws IOException {
        Path dir = home.resolve("outbox").resolve(channel);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    /** The sum of a Prometheus metric's samples whose labels contain {@code label}. */
    private double metric(String name, String label) throws Exception {
        List<String> lines = app.management("/observe/metrics").body().lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label)).toList();
        return lines.stream().mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
