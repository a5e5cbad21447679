package dev.candidaterouter.results;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.candidaterouter.results.Results.completed;
import static dev.candidaterouter.results.Results.invitationState;
import static dev.candidaterouter.results.Results.newCandidate;
import static dev.candidaterouter.results.Results.postSigned;
import static dev.candidaterouter.results.Results.result;
import static dev.candidaterouter.results.Results.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.candidaterouter.RunningApp;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode's safety net: open invitations are polled on the platform (WireMock) every RESULT_POLL_INTERVAL, and
 * what the poll finds is stored like a callback — once per invitation and status, whoever brings it first.
 */
class ResultPollTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "assessment-secret";

    @TempDir
    Path home;
    private WireMockServer platform;
    private GreenMail mail;

    @BeforeEach
    void startProviders() {
        platform = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        platform.start();
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        // Each candidate gets their own invitation id: inv-<candidateId>.
        platform.stubFor(post(urlEqualTo("/invitations")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"invitationId\":\"inv-{{jsonPath request.body '$.candidateId'}}\",\"testUrl\":\"https://tests.example.com/t/1\"}")));
        platform.stubFor(post(urlPathEqualTo("/2010-04-01/Accounts/ACtest0001/Messages.json")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM0123456789abcdef\",\"status\":\"queued\"}")));
    }

    @AfterEach
    void stopProviders() {
        platform.stop();
        mail.stop();
    }

    private Map<String, String> live() {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("dispatch.mode", "live");
        s.put("knit.sandbox.allow-live-dispatch", "true");
        s.put("assessment.api-url", platform.baseUrl());
        s.put("assessment.api-token", TOKEN);
        s.put("twilio.base-url", platform.baseUrl());
        s.put("twilio.account-sid", "ACtest0001");
        s.put("twilio.auth-token", "twilio-secret");
        s.put("smtp.host", "127.0.0.1");
        s.put("smtp.port", String.valueOf(mail.getSmtp().getPort()));
        s.put("assessment.webhook-secret", Results.SECRET);
        s.put("result.poll-interval", "PT1S");
        return s;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private int polls(String url) {
        return platform.findAll(getRequestedFor(urlEqualTo(url))).size();
    }

    @Test
    void aLostCallbackIsHealedByPollingAndTheLateCallbackIsADuplicate() throws Exception {
        String url = "/invitations/inv-c-lost";
        platform.stubFor(get(urlEqualTo(url)).willReturn(json("{\"invitationId\":\"inv-c-lost\",\"status\":\"pending\"}")));
        try (RunningApp app = RunningApp.start(home, live())) {
            newCandidate(app, "c-lost");
            await().atMost(WAIT).until(() -> polls(url) >= 1);
            assertThat(platform.findAll(getRequestedFor(urlEqualTo(url))).get(0).getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(results(app, "c-lost")).as("pending is no result").isZero();

            // The platform completes it; its callback never reaches us.
            platform.stubFor(get(urlEqualTo(url)).willReturn(json(completed("inv-c-lost", 36, 40))));
            await().atMost(WAIT).until(() -> results(app, "c-lost") == 1);
            Map<String, Object> row = result(app, "c-lost");
            // Stored from the poll; the result rules may already have decided it (they run on their own poller).
            assertThat(row).containsEntry("source", "poll").containsEntry("status", "completed")
                    .hasEntrySatisfying("state", state -> assertThat(state).isIn("received", "decided"));
            assertThat((BigDecimal) row.get("percentage")).isEqualByComparingTo("90");
            assertThat(invitationState(app, "c-lost")).isEqualTo("completed");

            // The callback arrives after all: the same result, not a second one.
            assertThat(postSigned(app, completed("inv-c-lost", 36, 40)).body()).contains("\"status\":\"duplicate\"");
            assertThat(results(app, "c-lost")).isEqualTo(1);

            // A completed invitation is not asked again.
            int asked = polls(url);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> polls(url) == asked);
        }
    }

    @Test
    void aFailedPollWaitsForTheNextAndAnExpiredInvitationIsStillPolledForALateResult() throws Exception {
        String url = "/invitations/inv-c-late";
        platform.stubFor(get(urlEqualTo(url)).willReturn(aResponse().withStatus(503).withBody("{\"error\":\"maintenance\"}")));
        Map<String, String> s = live();
        s.put("invitation.expires-after", "PT1S");
        try (RunningApp app = RunningApp.start(home, s)) {
            newCandidate(app, "c-late");
            await().atMost(WAIT).until(() -> "expired".equals(invitationState(app, "c-late")) && polls(url) >= 2);
            assertThat(results(app, "c-late")).isZero();

            // The platform is back, and the candidate did finish (after our expiry): the next poll finds it.
            platform.stubFor(get(urlEqualTo(url)).willReturn(json(completed("inv-c-late", 12, 40))));
            await().atMost(WAIT).until(() -> results(app, "c-late") == 1);
            assertThat(result(app, "c-late")).containsEntry("source", "poll")
                    .hasEntrySatisfying("state", state -> assertThat(state).isIn("received", "decided"));
            assertThat(invitationState(app, "c-late")).isEqualTo("completed");
        }
    }

    @Test
    void anInvitationThePlatformReportedExpiredIsNotPolledAgain() throws Exception {
        String url = "/invitations/inv-c-gone";
        platform.stubFor(get(urlEqualTo(url)).willReturn(json("{\"invitationId\":\"inv-c-gone\",\"status\":\"expired\"}")));
        try (RunningApp app = RunningApp.start(home, live())) {
            newCandidate(app, "c-gone");
            await().atMost(WAIT).until(() -> "expired".equals(invitationState(app, "c-gone")));
            int asked = polls(url);
            // Polled every second otherwise: the settled invitation is asked no more.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> polls(url) == asked);
        }
    }

    @Test
    void aCallbackFirstThenThePollFindsTheSameResultStoresItOnce() throws Exception {
        String url = "/invitations/inv-c-both";
        platform.stubFor(get(urlEqualTo(url)).willReturn(json(completed("inv-c-both", 20, 40))));
        Map<String, String> s = live();
        s.put("result.poll-interval", "PT3S");
        try (RunningApp app = RunningApp.start(home, s)) {
            newCandidate(app, "c-both");
            await().atMost(WAIT).until(() -> Results.invitationId(app, "c-both") != null);
            assertThat(postSigned(app, completed("inv-c-both", 20, 40)).statusCode()).isEqualTo(200);
            // The poll may still come (it was due); whatever it finds is the same result.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(12)).until(() -> results(app, "c-both") == 1);
            assertThat(result(app, "c-both")).containsEntry("source", "webhook");
        }
    }

    @Test
    void theHackerRankFlavourPollsTheCandidateAndReadsStatusSeven() throws Exception {
        Path mapping = Files.writeString(home.resolve("assessment-tests.properties"), "backend-jvm-advanced = 4711\n");
        platform.stubFor(post(urlEqualTo("/x/api/v3/tests/4711/candidates")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"98765\",\"test_link\":\"https://www.hackerrank.com/tests/abc/login?b=xyz\"}")));
        String url = "/x/api/v3/tests/4711/candidates/98765";
        platform.stubFor(get(urlEqualTo(url)).willReturn(json("{\"id\":\"98765\",\"status\":-1,\"invite_valid\":true}")));
        Map<String, String> s = live();
        s.put("assessment.api-flavor", "hackerrank");
        s.put("assessment.test-mapping", mapping.toString());
        try (RunningApp app = RunningApp.start(home, s)) {
            newCandidate(app, "c-hr");
            await().atMost(WAIT).until(() -> polls(url) >= 1);
            assertThat(results(app, "c-hr")).isZero();

            platform.stubFor(get(urlEqualTo(url)).willReturn(json("""
                    {"id":"98765","status":7,"score":42,"percentage_score":84,"email":"zoe.angstrom@example.com",
                     "full_name":"Zoë Ångström","report_url":"https://www.hackerrank.com/x/tests/4711/candidates/98765/report",
                     "attempt_endtime":"2026-11-30T10:00:00+00:00","invite_valid":true}""")));
            await().atMost(WAIT).until(() -> results(app, "c-hr") == 1);
            Map<String, Object> row = result(app, "c-hr");
            assertThat(row).containsEntry("source", "poll").containsEntry("status", "completed")
                    .containsEntry("report_url", "https://www.hackerrank.com/x/tests/4711/candidates/98765/report");
            assertThat((BigDecimal) row.get("percentage")).isEqualByComparingTo("84");
            assertThat(app.jdbc().queryOne("SELECT body FROM assessment_result WHERE candidate_id = 'c-hr'", rs -> rs.getString(1)).orElseThrow())
                    .as("HackerRank's answer carries personal data, the stored report does not").doesNotContain("zoe");
        }
    }

    @Test
    void hackerRankInvitationNoLongerValidIsNotPolledAgain() throws Exception {
        Path mapping = Files.writeString(home.resolve("assessment-tests.properties"), "backend-jvm-advanced = 4711\n");
        platform.stubFor(post(urlEqualTo("/x/api/v3/tests/4711/candidates")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"55555\",\"test_link\":\"https://www.hackerrank.com/tests/abc/login?b=xyz\"}")));
        String url = "/x/api/v3/tests/4711/candidates/55555";
        platform.stubFor(get(urlEqualTo(url)).willReturn(json("{\"id\":\"55555\",\"status\":-1,\"invite_valid\":false}")));
        Map<String, String> s = live();
        s.put("assessment.api-flavor", "hackerrank");
        s.put("assessment.test-mapping", mapping.toString());
        s.put("invitation.reminder-after", "PT3S");
        try (RunningApp app = RunningApp.start(home, s)) {
            newCandidate(app, "c-withdrawn");
            await().atMost(WAIT).until(() -> polls(url) >= 1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> polls(url) == 1);
            assertThat(results(app, "c-withdrawn")).isZero();
            // Its link no longer works: the invitation ends, and no reminder carries the link (it was due after 3 s).
            assertThat(invitationState(app, "c-withdrawn")).isEqualTo("expired");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-withdrawn' AND kind = 'reminder'"
                    + " AND status = 'sent'")).isZero();
        }
    }
}
