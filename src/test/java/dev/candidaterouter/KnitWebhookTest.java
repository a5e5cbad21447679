package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook inbox, driven over HTTP against the running application with its real routes. */
class KnitWebhookTest {
    @TempDir
    Path home;

    RunningApp app;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("webhook.max-body-bytes", "20000");
        app = RunningApp.start(home, settings);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private long inboxRows() {
        return app.jdbc().count("SELECT COUNT(*) FROM inbox_event");
    }

    private String inboxStatus(String eventId) {
        return app.jdbc().queryOne("SELECT status FROM inbox_event WHERE event_id = ?", rs -> rs.getString(1), eventId)
                .orElse("absent");
    }

    @Test
    void requestWithoutSignatureIsRefusedAndNothingStored() throws Exception {
        byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-1", "Java", "Expert", "2025-01-01T00:00:00Z"));
        HttpResponse<String> answer = app.post("/webhooks/knit", body, Map.of("Content-Type", "application/json"));
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(inboxRows()).isZero();
    }

    @Test
    void requestWithWrongSignatureIsRefusedAndNothingStored() throws Exception {
        byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-1", "Java", "Expert", "2025-01-01T00:00:00Z"));
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(body));
        // Signed over other bytes: one character of the body changed after signing.
        headers.put("X-Knit-Signature", new dev.candidaterouter.knit.KnitSignature(TestEvents.API_KEY).sign(bytes("x")));
        assertThat(app.post("/webhooks/knit", body, headers).statusCode()).isEqualTo(401);
        assertThat(inboxRows()).isZero();
    }

    @Test
    void duplicateEventIsAcknowledgedButProcessedOnce() throws Exception {
        String eventId = TestEvents.newId();
        byte[] body = bytes(TestEvents.candidate("record.new", eventId, "c-dup", "Java", "Expert", "2025-01-01T00:00:00Z"));
        HttpResponse<String> first = app.post("/webhooks/knit", body, signedHeaders(body));
        HttpResponse<String> second = app.post("/webhooks/knit", body, signedHeaders(body));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"stored\"");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("\"duplicate\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> "processed".equals(inboxStatus(eventId)));
        assertThat(inboxRows()).isEqualTo(1);
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = 'c-dup'")).isEqualTo(1);
    }

    @Test
    void malformedBodyIsQuarantinedWithTheReason() throws Exception {
        byte[] body = bytes("{\"eventId\": \"e-1\", \"eventType\": \"record.new\", \"eventData\": {\"info\": ");
        HttpResponse<String> answer = app.post("/webhooks/knit", body, signedHeaders(body));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("quarantined");
        String reason = app.jdbc().queryOne("SELECT reason FROM inbox_event WHERE status = 'quarantined'",
                rs -> rs.getString(1)).orElseThrow();
        assertThat(reason).startsWith("malformed JSON").contains("line 1");
    }

    @Test
    void bodyWithoutEventIdIsQuarantined() throws Exception {
        byte[] body = bytes("{\"eventType\": \"record.new\", \"eventData\": {}}");
        assertThat(app.post("/webhooks/knit", body, signedHeaders(body)).statusCode()).isEqualTo(200);
        assertThat(app.jdbc().queryOne("SELECT reason FROM inbox_event WHERE status = 'quarantined'", rs -> rs.getString(1)))
                .contains("envelope lacks eventId");
    }

    @Test
    void oversizedBodyIsRefusedWith413() throws Exception {
        byte[] body = bytes("{\"eventId\":\"big\",\"eventType\":\"record.new\",\"pad\":\"" + "x".repeat(30_000) + "\"}");
        assertThat(app.post("/webhooks/knit", body, signedHeaders(body)).statusCode()).isEqualTo(413);
        assertThat(inboxRows()).isZero();
    }

    @Test
    void nonJsonContentTypeIsRefusedWith415() throws Exception {
        byte[] body = bytes("{\"eventId\":\"e\",\"eventType\":\"record.new\"}");
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(body));
        headers.put("Content-Type", "text/plain");
        assertThat(app.post("/webhooks/knit", body, headers).statusCode()).isEqualTo(415);
        assertThat(inboxRows()).isZero();
    }

    /** A signed body sent with {@code contentType}: 415 with a JSON error naming the accepted type, nothing stored. */
    private void assertRefusedAsNotJson(byte[] body, String contentType) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(body));
        headers.put("Content-Type", contentType);
        HttpResponse<String> answer = app.post("/webhooks/knit", body, headers);
        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("error").asText())
                .contains("application/json");
        assertThat(inboxRows()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/jsonp", "text/json-ish", "application/x-www-form-urlencoded", "application/json-seq",
            "multipart/form-data; boundary=x", "json", "application/json+"})
    void contentTypeThatIsNotAJsonMediaTypeIsRefusedWith415AndAJsonError(String contentType) throws Exception {
        byte[] body = TestEvents.minimal(TestEvents.newId());
        assertRefusedAsNotJson(body, contentType);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void realSizedKnitEventSentAsAFormIsRefusedWith415AndAJsonError(String contentType) throws Exception {
        // Over 1 KB in one "form field": the HTTP server's form parser refused it with a bare 400 before any route.
        byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-form", "Java", "Expert",
                "2025-01-01T00:00:00Z").replace("\"Software Engineer\"", "\"" + "Engineer ".repeat(300) + "\""));
        assertRefusedAsNotJson(body, contentType);
        assertThat(app.management("/observe/metrics").body()).contains("outcome=\"not_json\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"application/json", "application/vnd.knit+json; charset=utf-8", "Application/JSON; charset=UTF-8"})
    void jsonMediaTypesAreAccepted(String contentType) throws Exception {
        String eventId = TestEvents.newId();
        byte[] body = TestEvents.minimal(eventId);
        Map<String, String> headers = new java.util.HashMap<>(signedHeaders(body));
        headers.put("Content-Type", contentType);
        HttpResponse<String> answer = app.post("/webhooks/knit", body, headers);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(inboxStatus(eventId)).isNotEqualTo("absent");
    }

    @Test
    void deletedCandidateIsNotInvitedAgainByALaterModification() throws Exception {
        String created = TestEvents.newId();
        byte[] first = bytes(TestEvents.candidate("record.new", created, "c-del", "Java", "Expert", "2025-01-01T00:00:00Z"));
        app.post("/webhooks/knit", first, signedHeaders(first));
        await().atMost(Duration.ofSeconds(30)).until(() -> "processed".equals(inboxStatus(created)));

        String deleted = TestEvents.newId();
        byte[] deletion = bytes(TestEvents.deleted(deleted, "c-del"));
        app.post("/webhooks/knit", deletion, signedHeaders(deletion));
        await().atMost(Duration.ofSeconds(30)).until(() -> "processed".equals(inboxStatus(deleted)));

        // A change that would lead to another assessment (Python instead of Java).
        String modified = TestEvents.newId();
        byte[] change = bytes(TestEvents.candidate("record.modified", modified, "c-del", "Python", "Expert", "2025-02-01T00:00:00Z"));
        app.post("/webhooks/knit", change, signedHeaders(change));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ignored".equals(inboxStatus(modified)));

        assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = 'c-del'")).isEqualTo(1);
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-del' AND assessment_id LIKE 'backend-python%'"))
                .isZero();
    }

    @Test
    void olderEventArrivingLateDoesNotOverwriteNewerState() throws Exception {
        String newer = TestEvents.newId();
        byte[] newBody = bytes(TestEvents.candidate("record.modified", newer, "c-ooo", "Python", "Expert", "2025-06-01T00:00:00Z"));
        app.post("/webhooks/knit", newBody, signedHeaders(newBody));
        await().atMost(Duration.ofSeconds(30)).until(() -> "processed".equals(inboxStatus(newer)));

        String older = TestEvents.newId();
        byte[] oldBody = bytes(TestEvents.candidate("record.new", older, "c-ooo", "Java", "Expert", "2025-01-01T00:00:00Z"));
        app.post("/webhooks/knit", oldBody, signedHeaders(oldBody));
        await().atMost(Duration.ofSeconds(30)).until(() -> "ignored".equals(inboxStatus(older)));

        assertThat(app.jdbc().queryOne("SELECT DISTINCT assessment_id FROM decision WHERE candidate_id = 'c-ooo'",
                rs -> rs.getString(1))).contains("backend-python-advanced");
    }
}
