package dev.candidaterouter.writeback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.candidaterouter.Postgres;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.dispatch.LiveProviders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assessment results go back into the ATS through Knit, exactly once: a stored result (inserted here as the intake
 * stores it) is decided by the result rules, and each write is a send of channel KNIT — WireMock stands in for Knit.
 * Passed: the report attached and the application moved to the job's next stage, after the attachment; failed: the
 * attachment only; an order: ats.candidate.assessment.update with COMPLETED and the score. 429 and 503 are retried,
 * Knit's success:false is a dead letter with its message, a replay writes once.
 */
class ResultsToTheAtsTest {
    private static final String ATTACHMENT = "/v1.0/ats.application.attachment.add";
    private static final String STAGE = "/v1.0/ats.application.stage.update";
    private static final String UPDATE = "/v1.0/ats.candidate.assessment.update";
    private static final String PASSTHROUGH = "/v1.0/passthrough";
    private static final String OK = "{\"success\":true,\"data\":{}}";
    private static final String ADMIN_TOKEN = "results-admin-token-0123";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    LiveProviders providers;
    RunningApp app;

    @BeforeEach
    void startProviders() {
        providers = new LiveProviders();
        providers.acceptEverything();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        providers.close();
    }

    /** WireMock as api.getknit.dev: live Knit mode, applications and jobs synced. */
    private Map<String, String> knitOnWireMock() {
        Map<String, String> s = providers.settings(home);
        s.put("knit.mode", "live");
        s.put("knit.base-url", providers.http.baseUrl());
        s.put("knit.api-key", TestEvents.API_KEY);
        s.put("knit.integration-id", TestEvents.INTEGRATION);
        s.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        s.put("admin.token", ADMIN_TOKEN);
        return s;
    }

    private void webhook(String event) throws Exception {
        byte[] body = TestEvents.bytes(event);
        assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
    }

    /** cand-1 applied to job-1 (Phone Screen, Technical Assessment, Offer) and is in Technical Assessment: invited. */
    private long invitedCandidate() throws Exception {
        webhook(TestEvents.job("j-1", "Backend Engineer"));
        webhook(TestEvents.application("record.new", "a-1", "app-1", "cand-1", "ACTIVE", "Technical Assessment",
                "2026-01-01T00:00:00Z"));
        webhook(TestEvents.candidate("record.new", "c-1", "cand-1", "Java", "Expert", "2026-01-01T00:00:00Z"));
        return invitationSent();
    }

    private long invitationSent() {
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(app.jdbc().queryOne(
                "SELECT status FROM dispatch WHERE channel = 'ASSESSMENT'", rs -> rs.getString(1)).orElse(null)));
        return app.jdbc().queryOne("SELECT id FROM dispatch WHERE channel = 'ASSESSMENT'", rs -> rs.getLong(1)).orElseThrow();
    }

    /** A result as the intake stores it: state 'received', for the result rules to decide. */
    private void result(long invitation, String status, Double score, Double maxScore, Double percentage, String reportUrl) {
        app.jdbc().update("""
                INSERT INTO assessment_result (invitation_dispatch_id, invitation_id, integration_id, candidate_id, assessment_id,
                                               status, score, max_score, percentage, report_url, completed_at, source,
                                               received_at, state)
                SELECT id, 'inv-1', integration_id, candidate_id, assessment_id, ?, ?, ?, ?, ?, ?, 'webhook', ?, 'received'
                  FROM dispatch WHERE id = ?""", status, score, maxScore, percentage, reportUrl, Instant.now(), Instant.now(),
                invitation);
    }

    private String write(String kind, String column) {
        return app.jdbc().queryOne("SELECT " + column + " FROM dispatch WHERE channel = 'KNIT' AND kind = ?",
                rs -> rs.getString(1), kind).orElse(null);
    }

    private void resultDecided() {
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM assessment_result WHERE state = 'decided'") == 1);
    }

    @Test
    void aPassedCandidateGetsTheReportAttachedThenMovesToTheNextStageEachOnceThrough429And503() throws Exception {
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).inScenario("a").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0").withBody("{\"success\":false,\"error\":{\"msg\":\"slow down\"}}"))
                .willSetStateTo("ok"));
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).inScenario("a").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        providers.http.stubFor(post(urlEqualTo(STAGE)).inScenario("s").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("unavailable")).willSetStateTo("ok"));
        providers.http.stubFor(post(urlEqualTo(STAGE)).inScenario("s").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        long invitation = invitedCandidate();
        result(invitation, "completed", 41.0, 50.0, 82.0, "https://reports.example.com/r/inv-1.pdf");

        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-stage", "status")));
        assertThat(write("result-attachment", "status")).isEqualTo("sent");
        assertThat(write("result-attachment", "attempts")).isEqualTo("2");
        assertThat(write("result-stage", "attempts")).isEqualTo("2");
        assertThat(write("result-attachment", "application_id")).isEqualTo("app-1");

        String attachmentKey = write("result-attachment", "dispatch_key");
        String stageKey = write("result-stage", "dispatch_key");
        providers.http.verify(2, postRequestedFor(urlEqualTo(ATTACHMENT))
                .withHeader("Authorization", equalTo("Bearer " + TestEvents.API_KEY))
                .withHeader("X-Knit-Integration-Id", equalTo(TestEvents.INTEGRATION))
                .withHeader("Idempotency-Key", equalTo(attachmentKey))
                .withRequestBody(equalToJson("""
                        {"applicationId":"app-1","candidateId":"cand-1","fileName":"backend-jvm-advanced-result.pdf",
                         "fileUrl":"https://reports.example.com/r/inv-1.pdf","contentType":"application/pdf",
                         "fileType":"NOT_SPECIFIED"}""")));
        providers.http.verify(2, postRequestedFor(urlEqualTo(STAGE)).withHeader("Idempotency-Key", equalTo(stageKey))
                .withRequestBody(equalToJson("{\"applicationId\":\"app-1\",\"stageId\":\"stage-Offer\"}")));
        // The move went out only after the attachment was written.
        List<ServeEvent> calls = providers.http.getAllServeEvents();
        Instant attached = calls.stream().filter(e -> e.getRequest().getUrl().equals(ATTACHMENT) && e.getResponse().getStatus() == 200)
                .map(e -> e.getRequest().getLoggedDate().toInstant()).findFirst().orElseThrow();
        assertThat(calls.stream().filter(e -> e.getRequest().getUrl().equals(STAGE))
                .map(e -> e.getRequest().getLoggedDate().toInstant())).allMatch(at -> !at.isBefore(attached));
        assertThat(app.jdbc().queryOne("SELECT fired_rules FROM assessment_result", rs -> rs.getString(1)).orElseThrow())
                .contains("A passed candidate's application in an assessment stage moves to the job's next stage");

        // Decided again (a redelivered result, a restart mid-decision): nothing is written twice.
        app.jdbc().update("UPDATE assessment_result SET state = 'received', claimed_at = NULL");
        resultDecided();
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT'")).isEqualTo(2);
        providers.http.verify(2, postRequestedFor(urlEqualTo(ATTACHMENT)));
        providers.http.verify(2, postRequestedFor(urlEqualTo(STAGE)));
    }

    @Test
    void aFailedCandidateGetsAGeneratedSummaryAttachedAndStaysWhereTheyAre() throws Exception {
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200).withBody(OK)));
        providers.http.stubFor(post(urlEqualTo(STAGE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        long invitation = invitedCandidate();
        result(invitation, "completed", 20.0, 50.0, 40.0, null);

        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-attachment", "status")));
        resultDecided();
        assertThat(write("result-stage", "status")).isNull();
        providers.http.verify(0, postRequestedFor(urlEqualTo(STAGE)));
        providers.http.verify(1, postRequestedFor(urlEqualTo(ATTACHMENT))
                .withRequestBody(matchingJsonPath("$.fileName", equalTo("backend-jvm-advanced-result.txt")))
                .withRequestBody(matchingJsonPath("$.contentType", equalTo("text/plain"))));
        JsonNode body = JSON.readTree(providers.http.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().equals(ATTACHMENT))
                .findFirst().orElseThrow().getRequest().getBodyAsString());
        assertThat(body.has("fileUrl")).isFalse();
        String summary = new String(Base64.getDecoder().decode(body.path("fileContent").asText()), StandardCharsets.UTF_8);
        assertThat(summary).contains("backend-jvm-advanced").contains("20 of 50 (40%)").contains("failed");
    }

    @Test
    void anOrderReportsCompletedWithTheScoreAndNothingElse() throws Exception {
        providers.http.stubFor(post(urlEqualTo(UPDATE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        webhook(TestEvents.order("o-1", "ats_ass_1", "cand-o", "pkg_a", "ada@example.com"));
        long invitation = invitationSent();
        result(invitation, "completed", 45.0, 50.0, 90.0, "https://reports.example.com/r/o.pdf");

        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-order", "status")));
        providers.http.verify(1, postRequestedFor(urlEqualTo(UPDATE)).withHeader("Idempotency-Key",
                equalTo(write("result-order", "dispatch_key"))).withRequestBody(equalToJson("""
                        {"candidateAssessmentId":"ats_ass_1","id":"ats_ass_1","status":"COMPLETED","score":45.0,
                         "maxScore":50.0,"percentage":90.0,"reportUrl":"https://reports.example.com/r/o.pdf"}""")));
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE kind IN ('result-attachment', 'result-stage')")).isZero();
        providers.http.verify(0, postRequestedFor(urlEqualTo(ATTACHMENT)));
    }

    @Test
    void knitsSuccessFalseIsADeadLetterWithItsMessageAndAReplayWritesOnce() throws Exception {
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200)
                .withBody("{\"success\":false,\"error\":{\"msg\":\"application not found in ATS\"}}")));
        providers.http.stubFor(post(urlEqualTo(STAGE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        long invitation = invitedCandidate();
        result(invitation, "completed", 41.0, 50.0, 82.0, "https://reports.example.com/r/inv-1.pdf");

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed_permanent".equals(write("result-attachment", "status")));
        assertThat(write("result-attachment", "last_error")).contains("application not found in ATS");
        // Its move waited for it, and ends with it (cancelled with the reason, not pending for ever): no candidate
        // moves on without the result that moved them.
        assertThat(write("result-stage", "status")).isEqualTo("cancelled");
        assertThat(write("result-stage", "last_error")).contains("attachment ended failed_permanent")
                .contains("application not found in ATS");
        providers.http.verify(0, postRequestedFor(urlEqualTo(STAGE)));

        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200).withBody(OK)));
        assertThat(app.post("/admin/dispatches/replay?channel=knit&status=failed_permanent", new byte[0],
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-stage", "status")));
        assertThat(write("result-attachment", "status")).isEqualTo("sent");
        providers.http.verify(2, postRequestedFor(urlEqualTo(ATTACHMENT)));
        providers.http.verify(1, postRequestedFor(urlEqualTo(STAGE)));
    }

    @Test
    void whereGreenhouseTakesNotesTheResultIsANoteThroughPassthroughAsTheConfiguredUser() throws Exception {
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200).withBody(OK)));
        providers.http.stubFor(post(urlEqualTo(STAGE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        providers.http.stubFor(post(urlEqualTo("/v1.0/passthrough")).willReturn(aResponse().withStatus(200).withBody(OK)));
        Map<String, String> settings = knitOnWireMock();
        settings.put("ats.notes", TestEvents.INTEGRATION + "=greenhouse");
        settings.put("greenhouse.note-user-id", "4080");
        app = RunningApp.start(home, settings);
        long invitation = invitedCandidate();
        // A second application of the candidate in an assessment stage: attached on both, one note on the candidate.
        webhook(TestEvents.application("record.new", "a-3", "app-2", "cand-1", "ACTIVE", "Technical Assessment",
                "2026-01-02T00:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM job_application WHERE application_id = 'app-2'") == 1);
        result(invitation, "completed", 41.0, 50.0, 82.0, "https://reports.example.com/r/inv-1.html");

        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-note", "status"))
                && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE kind = 'result-attachment' AND status = 'sent'") == 2);
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE kind = 'result-note'")).isEqualTo(1);
        assertThat(write("result-note", "application_id")).isEmpty();
        // An HTML report page is attached by its link under a neutral name and type, not as text/html.
        providers.http.verify(2, postRequestedFor(urlEqualTo(ATTACHMENT))
                .withRequestBody(matchingJsonPath("$.fileName", equalTo("backend-jvm-advanced-result")))
                .withRequestBody(matchingJsonPath("$.fileUrl", equalTo("https://reports.example.com/r/inv-1.html")))
                .withRequestBody(matchingJsonPath("$.contentType", equalTo("application/octet-stream"))));
        providers.http.verify(1, postRequestedFor(urlEqualTo("/v1.0/passthrough")));
        providers.http.verify(1, postRequestedFor(urlEqualTo("/v1.0/passthrough"))
                .withHeader("Idempotency-Key", equalTo(write("result-note", "dispatch_key")))
                .withRequestBody(matchingJsonPath("$.method", equalTo("POST")))
                .withRequestBody(matchingJsonPath("$.path", equalTo("/v1/candidates/cand-1/activity_feed/notes")))
                .withRequestBody(matchingJsonPath("$.headers.On-Behalf-Of", equalTo("4080"))));
        JsonNode passthrough = JSON.readTree(providers.http.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/v1.0/passthrough")).findFirst().orElseThrow().getRequest().getBodyAsString());
        JsonNode note = JSON.readTree(passthrough.path("body").asText());
        assertThat(note.path("user_id").asText()).isEqualTo("4080");
        assertThat(note.path("visibility").asText()).isEqualTo("admin_only");
        assertThat(note.path("body").asText()).contains("backend-jvm-advanced").contains("82%").contains("passed")
                .contains("https://reports.example.com/r/inv-1.html");
    }

    @Test
    void theResultRulesHaveTheirOwnHealthCheckAndRuleHistory() throws Exception {
        app = RunningApp.start(home, knitOnWireMock());
        JsonNode health = JSON.readTree(app.management("/observe/health?data=true").body());
        JsonNode check = null;
        for (JsonNode c : health.path("checks")) {
            check = c.path("name").asText().equals("rules-result-actions") ? c : check;
        }
        assertThat(check).as("rules-result-actions health check").isNotNull();
        assertThat(check.path("data").path("rulesDir").asText()).isEqualTo("rules/results");
        JsonNode versions = JSON.readTree(app.get("/admin/rules/result-actions/versions",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).body());
        assertThat(versions.toString()).contains("result-actions.drl");
        JsonNode routing = JSON.readTree(app.get("/admin/rules/assessment-routing/versions",
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).body());
        assertThat(routing.toString()).as("the routing rule set does not take in rules/results/")
                .contains("assessment-routing.drl").doesNotContain("result-actions.drl");
    }

    @Test
    void aWithdrawalLeavesTheResultsWritesAloneButAnApplicationMovedMeanwhileIsNotMovedAgain() throws Exception {
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200)
                .withBody("{\"success\":false,\"error\":{\"msg\":\"ATS busy\"}}")));
        providers.http.stubFor(post(urlEqualTo(STAGE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        long invitation = invitedCandidate();
        result(invitation, "completed", 41.0, 50.0, 82.0, "https://reports.example.com/r/inv-1.pdf");
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed_permanent".equals(write("result-attachment", "status")));

        // The recruiter moves the application back to Phone Screen: the candidate is no longer invited.
        webhook(TestEvents.application("record.modified", "a-2", "app-1", "cand-1", "ACTIVE", "Phone Screen",
                "2026-02-01T00:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM decision WHERE candidate_id = 'cand-1' AND invited = FALSE") == 1);
        assertThat(write("result-stage", "last_error")).as("a withdrawal does not cancel the result's writes")
                .startsWith("its attachment ended");

        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200).withBody(OK)));
        assertThat(app.post("/admin/dispatches/replay?channel=knit&status=failed_permanent", new byte[0],
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).statusCode()).isEqualTo(200);
        // Not moved, and not a failure: cancelled with the reason (not among the dead letters).
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-attachment", "status"))
                && write("result-stage", "last_error").contains("not moved"));
        assertThat(write("result-stage", "status")).isEqualTo("cancelled");
        assertThat(write("result-stage", "last_error")).contains("not moved").contains("'Phone Screen' now")
                .contains("'Technical Assessment'");
        providers.http.verify(0, postRequestedFor(urlEqualTo(STAGE)));
    }

    /**
     * The attachment fails, the application changes as {@code event} says, the attachment is replayed and written:
     * the move must not go out.
     */
    private void moveAfterTheApplicationChanged(String event, String changed, String... reason) throws Exception {
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200)
                .withBody("{\"success\":false,\"error\":{\"msg\":\"ATS busy\"}}")));
        providers.http.stubFor(post(urlEqualTo(STAGE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        long invitation = invitedCandidate();
        result(invitation, "completed", 41.0, 50.0, 82.0, "https://reports.example.com/r/inv-1.pdf");
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed_permanent".equals(write("result-attachment", "status")));

        webhook(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM job_application WHERE application_id = 'app-1' AND " + changed) == 1);
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200).withBody(OK)));
        assertThat(app.post("/admin/dispatches/replay?channel=knit&status=failed_permanent", new byte[0],
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-attachment", "status"))
                && write("result-stage", "last_error").contains("not moved"));
        assertThat(write("result-stage", "status")).isEqualTo("cancelled");
        assertThat(write("result-stage", "last_error")).contains(reason);
        providers.http.verify(0, postRequestedFor(urlEqualTo(STAGE)));
    }

    @Test
    void anApplicationMovedBackToAStageNamedByIdOnlyIsNotMovedOn() throws Exception {
        // The event names the stage by its id only (no name): the stage is compared by id.
        moveAfterTheApplicationChanged(TestEvents.application("record.modified", "a-2", "app-1", "cand-1", "ACTIVE",
                "Phone Screen", "2026-02-01T00:00:00Z").replace(",\"name\":\"Phone Screen\"", ""),
                "stage_id = 'stage-Phone-Screen'", "'stage-Phone-Screen' now", "'Technical Assessment'");
        assertThat(app.jdbc().queryOne("SELECT stage_name FROM job_application WHERE application_id = 'app-1'",
                rs -> String.valueOf(rs.getString(1))).orElseThrow()).as("the application's stage by id only").isEqualTo("null");
    }

    @Test
    void aRejectedApplicationIsNotMovedOn() throws Exception {
        moveAfterTheApplicationChanged(TestEvents.application("record.modified", "a-2", "app-1", "cand-1", "REJECTED",
                "Technical Assessment", "2026-02-01T00:00:00Z"), "status = 'REJECTED'", "is REJECTED now");
    }

    @Test
    void outboxModeWritesEachAtsCallToOutboxAts() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        app = RunningApp.start(home, settings);
        long invitation = invitedCandidate();
        result(invitation, "completed", 41.0, 50.0, 82.0, null);

        Path outbox = home.resolve("outbox/ats");
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-stage", "status")));
        List<Path> files;
        try (Stream<Path> list = Files.list(outbox)) {
            files = list.sorted(Comparator.naturalOrder()).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                write("result-attachment", "dispatch_key") + ".json", write("result-stage", "dispatch_key") + ".json");
        JsonNode stage = JSON.readTree(outbox.resolve(write("result-stage", "dispatch_key") + ".json").toFile());
        assertThat(stage.path("path").asText()).isEqualTo(STAGE);
        assertThat(stage.path("body").path("stageId").asText()).isEqualTo("stage-Offer");
        JsonNode attachment = JSON.readTree(outbox.resolve(write("result-attachment", "dispatch_key") + ".json").toFile());
        assertThat(attachment.path("path").asText()).isEqualTo(ATTACHMENT);
        assertThat(attachment.path("body").path("fileContent").asText()).isNotBlank();
    }

    @Test
    void twoInstancesOnOnePostgresDatabaseWriteEachResultOnce() throws Exception {
        String url = Postgres.freshSchemaUrl();
        Path homeA = Files.createDirectories(home.resolve("a"));
        Path homeB = Files.createDirectories(home.resolve("b"));
        try (RunningApp a = RunningApp.start(homeA, onPostgres(homeA, url)); RunningApp b = RunningApp.start(homeB, onPostgres(homeB, url))) {
            app = a;
            long invitation = invitedCandidate();
            result(invitation, "completed", 41.0, 50.0, 82.0, "https://reports.example.com/r/inv-1.pdf");
            await().atMost(Duration.ofSeconds(60)).until(() -> "sent".equals(write("result-stage", "status")));
            resultDecided();
            assertThat(a.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT'")).isEqualTo(2);
            List<String> files = new java.util.ArrayList<>();
            for (Path instance : List.of(homeA, homeB)) {
                Path ats = instance.resolve("outbox/ats");
                if (Files.isDirectory(ats)) {
                    try (Stream<Path> list = Files.list(ats)) {
                        list.forEach(f -> files.add(f.getFileName().toString()));
                    }
                }
            }
            assertThat(files).as("ATS writes in both instances' outboxes").hasSize(2).doesNotHaveDuplicates();
        } finally {
            app = null;
        }
    }

    @Test
    void aNoteOrAttachmentThatMayHaveBeenWrittenIsKeptForReviewNotSentTwice() throws Exception {
        // Knit takes no idempotency key: a write that timed out after it left may have been made. Counted at WireMock.
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200).withBody(OK).withFixedDelay(3000)));
        providers.http.stubFor(post(urlEqualTo(STAGE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        providers.http.stubFor(post(urlEqualTo(PASSTHROUGH)).willReturn(aResponse().withStatus(200).withBody(OK).withFixedDelay(3000)));
        Map<String, String> settings = knitOnWireMock();
        settings.put("http.response-timeout-ms", "500");
        settings.put("ats.notes", TestEvents.INTEGRATION + "=greenhouse");
        settings.put("greenhouse.note-user-id", "4080");
        app = RunningApp.start(home, settings);
        long invitation = invitedCandidate();
        result(invitation, "completed", 41.0, 50.0, 82.0, "https://reports.example.com/r/inv-1.pdf");

        await().atMost(Duration.ofSeconds(30)).until(() -> "review".equals(write("result-attachment", "status"))
                && "review".equals(write("result-note", "status")));
        assertThat(write("result-attachment", "last_error")).contains("outcome unknown");
        assertThat(write("result-note", "last_error")).contains("outcome unknown");
        // The attachment most likely arrived: the move that waited for it goes ahead.
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(write("result-stage", "status")));
        providers.http.verify(1, postRequestedFor(urlEqualTo(ATTACHMENT)));
        providers.http.verify(1, postRequestedFor(urlEqualTo(PASSTHROUGH)));
        providers.http.verify(1, postRequestedFor(urlEqualTo(STAGE)));
    }

    @Test
    void theResultOfADeletedCandidateIsNotWrittenBack() throws Exception {
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200).withBody(OK)));
        providers.http.stubFor(post(urlEqualTo(STAGE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        long invitation = invitedCandidate();
        webhook(TestEvents.deleted("d-1", "cand-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM candidate WHERE candidate_id = 'cand-1' AND state = 'deleted'") == 1);
        result(invitation, "completed", 41.0, 50.0, 82.0, "https://reports.example.com/r/inv-1.pdf");

        resultDecided();
        assertThat(app.jdbc().queryOne("SELECT reason FROM assessment_result", rs -> rs.getString(1)).orElseThrow())
                .isEqualTo("candidate deleted");
        assertThat(app.jdbc().queryOne("SELECT actions_json FROM assessment_result", rs -> rs.getString(1)).orElseThrow())
                .isEqualTo("[]");
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE kind LIKE 'result-%'")).isZero();
        providers.http.verify(0, postRequestedFor(urlEqualTo(ATTACHMENT)));
    }

    @Test
    void onlyTheProcessHoldingTheClaimRecordsADecision() throws Exception {
        app = RunningApp.start(home, knitOnWireMock());
        long invitation = invitedCandidate();
        result(invitation, "completed", 20.0, 50.0, 40.0, null);
        // Another process took the result over (this one's claim expired) and holds it now.
        app.jdbc().update("UPDATE assessment_result SET claimed_by = 'another-process', claimed_at = ?", Instant.now());
        long id = app.jdbc().queryOne("SELECT id FROM assessment_result", rs -> rs.getLong(1)).orElseThrow();
        ResultDecisions decisions = app.context().getRegistry().lookupByNameAndType("resultDecisions", ResultDecisions.class);

        assertThatThrownBy(() -> decisions.decided(id, List.of(AtsAction.attachment("app-1", "failed")), List.of("r"), "v1", "failed"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no longer claimed");
        assertThat(app.jdbc().queryOne("SELECT state || ':' || COALESCE(actions_json, '-') || ':' || claimed_by FROM assessment_result",
                rs -> rs.getString(1)).orElseThrow()).isEqualTo("received:-:another-process");
    }

    @Test
    void theConsoleCountsPassesByTheResultRulesPassMarks() throws Exception {
        providers.http.stubFor(post(urlEqualTo(ATTACHMENT)).willReturn(aResponse().withStatus(200).withBody(OK)));
        providers.http.stubFor(post(urlEqualTo(STAGE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        long invitation = invitedCandidate();
        // 65 % at the advanced level: passed by the rules' mark of 60, below the default 70.
        result(invitation, "completed", 32.5, 50.0, 65.0, "https://reports.example.com/r/inv-1.pdf");
        resultDecided();

        assertThat(app.jdbc().queryOne("SELECT passed FROM assessment_result", rs -> rs.getBoolean(1)).orElseThrow()).isTrue();
        JsonNode overview = JSON.readTree(app.get("/admin/overview?days=14", Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).body());
        assertThat(overview.path("results").path("completed").asLong()).isEqualTo(1);
        assertThat(overview.path("results").path("passed").asLong()).isEqualTo(1);
    }

    private static Map<String, String> onPostgres(Path instanceHome, String url) {
        Map<String, String> s = RunningApp.defaults(instanceHome);
        s.put("db.url", url);
        s.put("db.user", Postgres.USER);
        s.put("db.password", Postgres.PASSWORD);
        s.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        return s;
    }
}
