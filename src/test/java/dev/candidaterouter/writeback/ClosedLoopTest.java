package dev.candidaterouter.writeback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.dispatch.LiveProviders;
import dev.candidaterouter.results.ResultSignature;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's loop end to end, with nothing inserted by SQL: Knit's webhook events (job, applications, candidate or
 * an ATS order) are posted to the running app in live mode; WireMock stands in for the assessment platform (it creates
 * the invitation, answers polls) and for Knit (it takes the ATS writes); GreenMail and WireMock's Twilio take the email
 * and SMS. The result comes back as the platform's signed callback or through a poll, and each test asserts on what
 * the Knit stand-in received, per application: the report attached once, a passed candidate moved once to the job's
 * next stage, a failed one left where they are, an order reported COMPLETED with the score, and no reminder after a
 * result.
 */
class ClosedLoopTest {
    private static final String ATTACHMENT = "/v1.0/ats.application.attachment.add";
    private static final String STAGE = "/v1.0/ats.application.stage.update";
    private static final String UPDATE = "/v1.0/ats.candidate.assessment.update";
    private static final String OK = "{\"success\":true,\"data\":{}}";
    private static final String SECRET = "closed-loop-webhook-secret";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for a second write (or a reminder) to show up if anything planned one: dispatch polls every 50 ms. */
    private static final Duration NOTHING_MORE = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    LiveProviders providers;
    RunningApp app;

    @BeforeEach
    void startProviders() {
        providers = new LiveProviders();
        providers.acceptEverything();
        // The platform gives each candidate's invitation its own id, inv-<candidateId>, and says it is open when asked.
        providers.http.stubFor(post(urlEqualTo("/invitations")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"invitationId\":\"inv-{{jsonPath request.body '$.candidateId'}}\",\"testUrl\":\"https://tests.example.com/t/1\"}")));
        providers.http.stubFor(get(urlPathMatching("/invitations/.*"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withTransformers("response-template")
                        .withBody("{\"invitationId\":\"{{request.pathSegments.[1]}}\",\"status\":\"pending\"}")));
        for (String write : List.of(ATTACHMENT, STAGE, UPDATE)) {
            providers.http.stubFor(post(urlEqualTo(write)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(OK)));
        }
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        providers.close();
    }

    /** Live dispatch, and WireMock as api.getknit.dev with applications and jobs synced. */
    private Map<String, String> live() {
        Map<String, String> s = providers.settings(home);
        s.put("knit.mode", "live");
        s.put("knit.base-url", providers.http.baseUrl());
        s.put("knit.api-key", TestEvents.API_KEY);
        s.put("knit.integration-id", TestEvents.INTEGRATION);
        s.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        s.put("knit.report-rate", "50");
        s.put("assessment.webhook-secret", SECRET);
        return s;
    }

    private void webhook(String event) throws Exception {
        byte[] body = TestEvents.bytes(event);
        assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
    }

    /**
     * Jobs job-1 (Phone Screen, Technical Assessment, Offer) and job-2 (Phone Screen, Technical Assessment, Onsite); the
     * candidate applied three times: app-&lt;id&gt;-1 (job-1) and app-&lt;id&gt;-3 (job-2) are in Technical Assessment (so
     * they are invited, and the result goes on both), app-&lt;id&gt;-2 (job-1) is still at Phone Screen (the result
     * leaves it alone). Waits until the platform created the invitation; answers its id.
     */
    private String invitedCandidate(String candidateId) throws Exception {
        webhook(TestEvents.job(TestEvents.newId(), "Backend Engineer"));
        webhook(onJob2(TestEvents.job(TestEvents.newId(), "Platform Engineer")
                .replace("{\"id\":\"stage-Offer\",\"name\":\"Offer\"}", "{\"id\":\"stage-Onsite\",\"name\":\"Onsite\"}")));
        webhook(TestEvents.application("record.new", TestEvents.newId(), inAssessment(candidateId), candidateId, "ACTIVE",
                "Technical Assessment", "2026-01-01T00:00:00Z"));
        webhook(TestEvents.application("record.new", TestEvents.newId(), atPhoneScreen(candidateId), candidateId, "ACTIVE",
                "Phone Screen", "2026-01-01T00:00:00Z"));
        webhook(onJob2(TestEvents.application("record.new", TestEvents.newId(), inAssessmentOfJob2(candidateId), candidateId,
                "ACTIVE", "Technical Assessment", "2026-01-01T00:00:00Z")));
        webhook(TestEvents.candidate("record.new", TestEvents.newId(), candidateId, "Java", "Expert", "2026-01-01T00:00:00Z"));
        return invitationSent(candidateId);
    }

    private static String inAssessment(String candidateId) {
        return "app-" + candidateId + "-1";
    }

    private static String atPhoneScreen(String candidateId) {
        return "app-" + candidateId + "-2";
    }

    private static String inAssessmentOfJob2(String candidateId) {
        return "app-" + candidateId + "-3";
    }

    /** TestEvents' job and applications are of job-1; the same event of job-2. */
    private static String onJob2(String event) {
        return event.replace("job-1", "job-2");
    }

    private String invitationSent(String candidateId) {
        await().atMost(WAIT).until(() -> invitationId(candidateId) != null);
        String invitation = invitationId(candidateId);
        assertThat(invitation).as("the platform's id, as it answered POST /invitations").isEqualTo("inv-" + candidateId);
        return invitation;
    }

    private String invitationId(String candidateId) {
        return app.jdbc().queryOne("SELECT provider_id FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT' AND status = 'sent'",
                rs -> rs.getString(1), candidateId).orElse(null);
    }

    /** The platform's signed callback. */
    private HttpResponse<String> callback(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return app.post("/webhooks/assessment-results", bytes, Map.of("Content-Type", "application/json",
                ResultSignature.HEADER, new ResultSignature(SECRET).sign(bytes)));
    }

    private static String completed(String invitationId, int score, int maxScore) {
        return "{\"invitationId\":\"" + invitationId + "\",\"status\":\"completed\",\"score\":" + score + ",\"maxScore\":" + maxScore
                + ",\"reportUrl\":\"https://platform.example.com/reports/" + invitationId + "\",\"completedAt\":\"2026-11-30T10:00:00Z\"}";
    }

    /** What the Knit stand-in received at {@code path} for one application. */
    private List<LoggedRequest> received(String path, String applicationId) {
        return providers.http.findAll(postRequestedFor(urlEqualTo(path))
                .withRequestBody(matchingJsonPath("$.applicationId", equalTo(applicationId))));
    }

    private int received(String path) {
        return providers.http.findAll(postRequestedFor(urlEqualTo(path))).size();
    }

    /** Knit's writes stay as they are for a while: nothing more is sent. */
    private void nothingMoreIsWritten() {
        int attachments = received(ATTACHMENT);
        int moves = received(STAGE);
        int updates = received(UPDATE);
        await().during(NOTHING_MORE).atMost(NOTHING_MORE.plusSeconds(10)).until(() ->
                received(ATTACHMENT) == attachments && received(STAGE) == moves && received(UPDATE) == updates);
    }

    /** Each application in an assessment stage: its report attached once, then moved once to its job's next stage. */
    private void assertPassedWrites(String candidateId, String invitation) throws Exception {
        assertAttachedThenMoved(candidateId, inAssessment(candidateId), invitation, "stage-Offer");
        assertAttachedThenMoved(candidateId, inAssessmentOfJob2(candidateId), invitation, "stage-Onsite");
        assertThat(received(ATTACHMENT, atPhoneScreen(candidateId))).as("the application at Phone Screen").isEmpty();
        assertThat(received(STAGE, atPhoneScreen(candidateId))).as("the application at Phone Screen").isEmpty();
        assertThat(received(ATTACHMENT)).isEqualTo(2);
        assertThat(received(STAGE)).isEqualTo(2);
    }

    private void assertAttachedThenMoved(String candidateId, String applicationId, String invitation, String nextStage)
            throws Exception {
        List<LoggedRequest> attachments = received(ATTACHMENT, applicationId);
        List<LoggedRequest> moves = received(STAGE, applicationId);
        assertThat(attachments).as("attachments on " + applicationId).hasSize(1);
        assertThat(moves).as("moves of " + applicationId).hasSize(1);
        JsonNode attachment = JSON.readTree(attachments.get(0).getBodyAsString());
        assertThat(attachment.path("candidateId").asText()).isEqualTo(candidateId);
        assertThat(attachment.path("fileUrl").asText()).isEqualTo("https://platform.example.com/reports/" + invitation);
        // The report link names no file type: attached under a neutral name (a .pdf link would give "….pdf").
        assertThat(attachment.path("fileName").asText()).isEqualTo("backend-jvm-advanced-result");
        assertThat(JSON.readTree(moves.get(0).getBodyAsString()).path("stageId").asText()).as("the job's next stage")
                .isEqualTo(nextStage);
        assertThat(attachments.get(0).getHeader("Idempotency-Key")).isNotBlank();
        assertThat(moves.get(0).getHeader("Idempotency-Key")).isNotBlank().isNotEqualTo(attachments.get(0).getHeader("Idempotency-Key"));
        assertThat(moves.get(0).getLoggedDate()).as("moved only after the report was attached")
                .isAfterOrEqualTo(attachments.get(0).getLoggedDate());
    }

    @Test
    void aPassingCallbackAttachesTheReportAndMovesTheApplicationOnceAndARepeatedCallbackChangesNothing() throws Exception {
        app = RunningApp.start(home, live());
        String invitation = invitedCandidate("cand-pass");

        HttpResponse<String> answer = callback(completed(invitation, 41, 50));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"status\":\"stored\"");
        await().atMost(WAIT).until(() -> received(STAGE) >= 2);
        nothingMoreIsWritten();
        assertPassedWrites("cand-pass", invitation);

        // The platform calls back again (its own retry): a duplicate, and the ATS hears nothing more.
        HttpResponse<String> again = callback(completed(invitation, 41, 50));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"");
        nothingMoreIsWritten();
        assertThat(received(ATTACHMENT)).isEqualTo(2);
        assertThat(received(STAGE)).isEqualTo(2);
        assertThat(received(UPDATE)).as("no order, no assessment update").isZero();
    }

    @Test
    void aLostCallbackIsHealedByThePollAndTheLateCallbackWritesNothingMore() throws Exception {
        Map<String, String> s = live();
        s.put("result.poll-interval", "PT1S");
        app = RunningApp.start(home, s);
        String invitation = invitedCandidate("cand-poll");
        await().atMost(WAIT).until(() -> !providers.http.findAll(
                getRequestedFor(urlEqualTo("/invitations/" + invitation))).isEmpty());
        assertThat(received(ATTACHMENT)).as("pending is no result").isZero();

        // The candidate finishes; the platform's callback never arrives, its GET says completed.
        providers.http.stubFor(get(urlEqualTo("/invitations/" + invitation)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(completed(invitation, 41, 50))));
        await().atMost(WAIT).until(() -> received(STAGE) >= 2);
        nothingMoreIsWritten();
        assertPassedWrites("cand-poll", invitation);
        assertThat(app.jdbc().queryOne("SELECT source FROM assessment_result WHERE candidate_id = 'cand-poll'",
                rs -> rs.getString(1)).orElseThrow()).isEqualTo("poll");

        // The callback turns up after all: the same result, nothing more written.
        HttpResponse<String> late = callback(completed(invitation, 41, 50));
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(late.body()).contains("\"status\":\"duplicate\"");
        nothingMoreIsWritten();
        assertThat(received(ATTACHMENT)).isEqualTo(2);
        assertThat(received(STAGE)).isEqualTo(2);
    }

    @Test
    void aFailedScoreIsAttachedAndTheApplicationStaysWhereItIs() throws Exception {
        app = RunningApp.start(home, live());
        String invitation = invitedCandidate("cand-fail");

        assertThat(callback(completed(invitation, 20, 50)).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> received(ATTACHMENT, inAssessment("cand-fail")).size() >= 1);
        await().atMost(WAIT).until(() -> "decided".equals(app.jdbc().queryOne(
                "SELECT state FROM assessment_result WHERE candidate_id = 'cand-fail'", rs -> rs.getString(1)).orElse(null)));
        nothingMoreIsWritten();
        assertThat(received(ATTACHMENT, inAssessment("cand-fail"))).hasSize(1);
        assertThat(received(ATTACHMENT, inAssessmentOfJob2("cand-fail"))).hasSize(1);
        assertThat(received(ATTACHMENT, atPhoneScreen("cand-fail"))).isEmpty();
        assertThat(received(STAGE)).as("a failed candidate is not moved").isZero();
        assertThat(JSON.readTree(received(ATTACHMENT, inAssessment("cand-fail")).get(0).getBodyAsString())
                .path("fileUrl").asText()).isEqualTo("https://platform.example.com/reports/" + invitation);
    }

    @Test
    void anOrderFromTheAtsHearsCompletedWithTheScore() throws Exception {
        app = RunningApp.start(home, live());
        webhook(TestEvents.order(TestEvents.newId(), "ats_ass_7", "cand-order", "pkg_a", "ada@example.com"));
        String invitation = invitationSent("cand-order");

        assertThat(callback(completed(invitation, 45, 50)).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !completedReports().isEmpty());
        nothingMoreIsWritten();
        List<LoggedRequest> completed = completedReports();
        assertThat(completed).as("COMPLETED reports of the order").hasSize(1);
        JsonNode report = JSON.readTree(completed.get(0).getBodyAsString());
        assertThat(report.path("candidateAssessmentId").asText()).isEqualTo("ats_ass_7");
        assertThat(report.path("score").asDouble()).isEqualTo(45.0);
        assertThat(report.path("maxScore").asDouble()).isEqualTo(50.0);
        assertThat(report.path("percentage").asDouble()).isEqualTo(90.0);
        assertThat(report.path("reportUrl").asText()).isEqualTo("https://platform.example.com/reports/" + invitation);
        assertThat(completed.get(0).getHeader("Idempotency-Key")).isNotBlank();
        assertThat(received(ATTACHMENT)).as("an order is reported, not attached").isZero();
        assertThat(received(STAGE)).as("the ATS moves an ordered candidate itself").isZero();

        // Repeated, the callback reports nothing twice.
        assertThat(callback(completed(invitation, 45, 50)).body()).contains("\"status\":\"duplicate\"");
        nothingMoreIsWritten();
        assertThat(completedReports()).hasSize(1);
    }

    private List<LoggedRequest> completedReports() {
        return providers.http.findAll(postRequestedFor(urlEqualTo(UPDATE))
                .withRequestBody(matchingJsonPath("$.status", equalTo("COMPLETED"))));
    }

    @Test
    void noReminderFollowsAResult() throws Exception {
        Map<String, String> s = live();
        s.put("invitation.reminder-after", "PT5S");
        app = RunningApp.start(home, s);
        // The candidate with a result is invited first, and calls back at once.
        String invitation = invitedCandidate("cand-done");
        assertThat(callback(completed(invitation, 41, 50)).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> received(STAGE) == 2);
        // Then one without a result: once they are reminded, cand-done's reminder was due too (it went out earlier).
        invitedCandidate("cand-open");
        await().atMost(WAIT).until(() -> sentReminders("cand-open") == 2);
        await().during(NOTHING_MORE).atMost(NOTHING_MORE.plusSeconds(10)).until(() -> reminders("cand-done") == 0);

        assertThat(app.jdbc().queryOne("SELECT invitation_state FROM dispatch WHERE candidate_id = 'cand-done' AND channel = 'ASSESSMENT'",
                rs -> rs.getString(1)).orElseThrow()).isEqualTo("completed");
        // At the providers: two invitations by email and SMS, and the reminders of cand-open only.
        assertThat(providers.mail.getReceivedMessages()).hasSize(3);
        assertThat(java.util.Arrays.stream(providers.mail.getReceivedMessages()).filter(m -> subject(m).startsWith("Reminder"))).hasSize(1);
        assertThat(providers.smsRequests()).hasSize(3);
        assertThat(app.jdbc().queryOne("SELECT dispatch_key FROM dispatch WHERE candidate_id = 'cand-open' AND kind = 'reminder' AND channel = 'EMAIL'",
                rs -> rs.getString(1)).orElseThrow()).isNotBlank();
    }

    private long sentReminders(String candidateId) {
        return app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = ? AND kind = 'reminder' AND status = 'sent'", candidateId);
    }

    /** Reminder rows of the candidate in any state: none planned at all. */
    private long reminders(String candidateId) {
        return app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = ? AND kind = 'reminder'", candidateId);
    }

    private static String subject(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
