package dev.candidaterouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.candidaterouter.dispatch.LiveProviders.INVITATIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An order's status goes back to Knit (POST /v1.0/ats.candidate.assessment.update) as a dispatch of channel KNIT:
 * after the ordered invitation went out, with Knit's auth and an Idempotency-Key, retried when Knit is busy, failed
 * for good with Knit's reason when refused, and replayable. Against the embedded sandbox (the default Knit) and
 * WireMock as Knit in live Knit mode.
 */
class OrderStatusToKnitTest {
    private static final String UPDATE = "/v1.0/ats.candidate.assessment.update";
    private static final String OK = "{\"success\":true,\"data\":{}}";
    private static final String ADMIN_TOKEN = "orders-admin-token-0123";

    @TempDir
    Path home;

    LiveProviders providers;
    RunningApp app;

    @BeforeEach
    void startProviders() {
        providers = new LiveProviders();
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        providers.close();
    }

    /** WireMock as api.getknit.dev: live Knit mode, webhooks signed with the same key the tests sign with. */
    private Map<String, String> knitOnWireMock() {
        Map<String, String> s = providers.settings(home);
        s.put("knit.mode", "live");
        s.put("knit.base-url", providers.http.baseUrl());
        s.put("knit.api-key", TestEvents.API_KEY);
        s.put("knit.integration-id", TestEvents.INTEGRATION);
        s.put("admin.token", ADMIN_TOKEN);
        return s;
    }

    private void order(String eventId) throws Exception {
        byte[] body = TestEvents.bytes(TestEvents.order(eventId, "ats_ass_1", "cand-o", "pkg_a", "ada@example.com"));
        assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
    }

    private String report(String column) {
        return app.jdbc().queryOne("SELECT " + column + " FROM dispatch WHERE channel = 'KNIT' AND kind = 'order-invited'",
                rs -> rs.getString(1)).orElse(null);
    }

    @Test
    void theEmbeddedSandboxAcceptsTheReportWithKnitsAuthAndEnvelope() throws Exception {
        app = RunningApp.start(home, providers.settings(home));
        order("o-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(report("status")));
        // The sandbox's X-Knit-Execution-Id of the accepted call.
        assertThat(report("provider_id")).matches("[0-9a-f-]{36}");
        assertThat(app.jdbc().queryOne("SELECT status FROM dispatch WHERE channel = 'ASSESSMENT'", rs -> rs.getString(1)))
                .hasValue("sent");
    }

    @Test
    void theReportCarriesTheOrderTheStatusAndAStableIdempotencyKeyAndABusyKnitIsRetried() throws Exception {
        providers.http.stubFor(post(urlEqualTo(UPDATE)).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"success\":false,\"error\":{\"msg\":\"busy\"}}"))
                .willSetStateTo("calm"));
        providers.http.stubFor(post(urlEqualTo(UPDATE)).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(200).withHeader("X-Knit-Execution-Id", "exec-7").withBody(OK)));
        app = RunningApp.start(home, knitOnWireMock());
        order("o-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(report("status")));

        assertThat(report("attempts")).isEqualTo("2");
        assertThat(report("provider_id")).isEqualTo("exec-7");
        String key = report("dispatch_key");
        providers.http.verify(2, postRequestedFor(urlEqualTo(UPDATE))
                .withHeader("Authorization", equalTo("Bearer " + TestEvents.API_KEY))
                .withHeader("X-Knit-Integration-Id", equalTo(TestEvents.INTEGRATION))
                .withHeader("Idempotency-Key", equalTo(key))
                .withRequestBody(equalToJson("{\"candidateAssessmentId\":\"ats_ass_1\",\"id\":\"ats_ass_1\",\"status\":\"PENDING\"}")));

        // The same order again (Knit redelivers for days): nothing is reported twice.
        order("o-2");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0);
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT'")).isOne();
        providers.http.verify(2, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void knitsRefusalFailsTheReportForGoodWithItsReasonAndAReplaySendsItAgain() throws Exception {
        providers.http.stubFor(post(urlEqualTo(UPDATE)).willReturn(aResponse().withStatus(200)
                .withBody("{\"success\":false,\"error\":{\"msg\":\"candidate assessment not found\"}}")));
        app = RunningApp.start(home, knitOnWireMock());
        order("o-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed_permanent".equals(report("status")));
        assertThat(report("last_error")).contains("candidate assessment not found");
        providers.http.verify(1, postRequestedFor(urlEqualTo(UPDATE)));

        providers.http.stubFor(post(urlEqualTo(UPDATE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        assertThat(app.post("/admin/dispatches/replay?channel=knit&status=failed_permanent", new byte[0],
                Map.of("Authorization", "Bearer " + ADMIN_TOKEN)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(report("status")));
        providers.http.verify(2, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void anOrderedInvitationThatExpiresIsReportedExpiredOnce() throws Exception {
        providers.http.stubFor(post(urlEqualTo(UPDATE)).willReturn(aResponse().withStatus(200).withBody(OK)));
        Map<String, String> settings = knitOnWireMock();
        settings.put("invitation.expires-after", "PT1S");
        app = RunningApp.start(home, settings);
        order("o-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT' AND kind = 'order-expired' AND status = 'sent'") == 1);

        assertThat(app.jdbc().queryOne("SELECT invitation_state FROM dispatch WHERE channel = 'ASSESSMENT'", rs -> rs.getString(1)))
                .hasValue("expired");
        String expiredKey = app.jdbc().queryOne("SELECT dispatch_key FROM dispatch WHERE kind = 'order-expired'",
                rs -> rs.getString(1)).orElseThrow();
        assertThat(expiredKey).isNotEqualTo(report("dispatch_key"));
        providers.http.verify(1, postRequestedFor(urlEqualTo(UPDATE)).withHeader("Idempotency-Key", equalTo(expiredKey))
                .withRequestBody(equalToJson("{\"candidateAssessmentId\":\"ats_ass_1\",\"id\":\"ats_ass_1\",\"status\":\"EXPIRED\"}")));
        providers.http.verify(2, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void anInvitationNobodyOrderedReportsNothingToKnitWhenItExpires() throws Exception {
        Map<String, String> settings = knitOnWireMock();
        settings.put("invitation.expires-after", "PT1S");
        app = RunningApp.start(home, settings);
        byte[] body = TestEvents.bytes(TestEvents.candidate("record.new", "c-1", "cand-r", "Java", "Expert", "2026-01-01T00:00:00Z"));
        assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "expired".equals(app.jdbc().queryOne(
                "SELECT invitation_state FROM dispatch WHERE channel = 'ASSESSMENT'", rs -> rs.getString(1)).orElse(null)));
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT'")).isZero();
        providers.http.verify(0, postRequestedFor(urlEqualTo(UPDATE)));
    }

    @Test
    void aWrongKeyIsAConfigurationErrorNotRetried() throws Exception {
        providers.http.stubFor(post(urlEqualTo(UPDATE)).willReturn(aResponse().withStatus(401)
                .withBody("{\"success\":false,\"error\":{\"msg\":\"invalid api key\"}}")));
        app = RunningApp.start(home, knitOnWireMock());
        order("o-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed_permanent".equals(report("status")));
        assertThat(report("last_error")).contains("401").contains("invalid api key").contains("KNIT_API_KEY");
        providers.http.verify(1, postRequestedFor(urlEqualTo(UPDATE)));
    }
}
