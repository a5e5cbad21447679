package dev.candidaterouter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live Knit client, against WireMock standing in for api.getknit.dev. */
class KnitLiveSyncTest {
    private static final String SYNC = "/v1.0/sync.start";
    private static final String OK = """
            {"success": true, "data": {"syncJobId": "job-1", "syncRunId": "run-1"}}""";

    @TempDir
    Path home;

    WireMockServer knit;

    @BeforeEach
    void startKnit() {
        knit = new WireMockServer(options().dynamicPort());
        knit.start();
    }

    @AfterEach
    void stopKnit() {
        knit.stop();
    }

    private Map<String, String> live(String integrationIds) {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        s.put("knit.mode", "live");
        s.put("knit.base-url", knit.baseUrl());
        s.put("knit.api-key", "live-test-key");
        s.put("knit.integration-id", integrationIds);
        s.put("knit.sync-on-start", "true");
        s.put("knit.retry.initial-delay-ms", "50");
        s.put("knit.retry.max-delay-ms", "200");
        s.put("knit.retry.max-redeliveries", "2");
        return s;
    }

    /** One data type, so that a test counts the calls (and retries) of one sync.start. */
    private static Map<String, String> candidatesOnly(Map<String, String> settings) {
        settings.put("knit.data-types", "ats_candidates");
        return settings;
    }

    private List<LoggedRequest> syncCalls() {
        return knit.findAll(postRequestedFor(urlEqualTo(SYNC)));
    }

    @Test
    void syncStartCarriesKnitsHeadersAndBodyForEveryIntegration() throws Exception {
        knit.stubFor(post(SYNC).willReturn(aResponse().withStatus(200).withHeader("X-Knit-Execution-Id", "exec-1").withBody(OK)));
        try (RunningApp app = RunningApp.start(home, live("customer-a, customer-b"))) {
            // One call per integration and data type (KNIT_DATA_TYPES, default all three).
            await().atMost(Duration.ofSeconds(30)).until(() -> syncCalls().size() == 6);
            assertThat(app.context().getRoute("sync-knit-on-schedule")).as("no KNIT_SYNC_CRON: no scheduled sync").isNull();
        }
        knit.verify(2, postRequestedFor(urlEqualTo(SYNC))
                .withHeader("Authorization", equalTo("Bearer live-test-key"))
                .withRequestBody(equalToJson("""
                        {"dataType": "ats_applications", "syncType": "initial_sync", "honorScheduler": false,
                         "models": ["application_info", "application_stage", "application_rejection"]}""")));
        knit.verify(2, postRequestedFor(urlEqualTo(SYNC))
                .withRequestBody(equalToJson("""
                        {"dataType": "ats_jobs", "syncType": "initial_sync", "honorScheduler": false,
                         "models": ["job_info", "job_stages"]}""")));
        knit.verify(2, postRequestedFor(urlEqualTo(SYNC))
                .withHeader("Authorization", equalTo("Bearer live-test-key"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"dataType": "ats_candidates", "syncType": "initial_sync", "honorScheduler": false,
                         "models": ["candidate_info", "candidate_education", "candidate_locations", "candidate_skills",
                                    "candidate_experiences", "candidate_attachments"]}""")));
        assertThat(syncCalls()).extracting(r -> r.getHeader("X-Knit-Integration-Id"))
                .containsOnly("customer-a", "customer-b");
    }

    @Test
    void refusedKeyIsReportedOnceWithTheSettingToFixAndNotRetried() throws Exception {
        knit.stubFor(post(SYNC).willReturn(aResponse().withStatus(401)
                .withBody("{\"success\": false, \"error\": {\"msg\": \"Invalid API key\"}}")));
        try (CapturedLogs logs = CapturedLogs.capture(); RunningApp app = RunningApp.start(home, candidatesOnly(live("customer-a")))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.text().contains("Check KNIT_API_KEY"));
            assertThat(logs.text()).contains("Invalid API key").contains("HTTP 401").doesNotContain("live-test-key");
        }
        assertThat(syncCalls()).hasSize(1);
    }

    @Test
    void tooManyRequestsIsRetriedWithBackoff() throws Exception {
        knit.stubFor(post(SYNC).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withBody("{\"success\": false, \"error\": {\"msg\": \"slow down\"}}"))
                .willSetStateTo("ready"));
        knit.stubFor(post(SYNC).inScenario("busy").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(200).withBody(OK)));
        try (CapturedLogs logs = CapturedLogs.capture(); RunningApp app = RunningApp.start(home, candidatesOnly(live("customer-a")))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.text().contains("knit ats_candidates sync started for integration customer-a"));
        }
        List<LoggedRequest> calls = syncCalls();
        assertThat(calls).hasSize(2);
        // Backed off, not retried at once: at least knit.retry.initial-delay-ms (50) between the two calls.
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void serverErrorsAreRetriedThenReportedWithKnitsMessage() throws Exception {
        knit.stubFor(post(SYNC).willReturn(aResponse().withStatus(500)
                .withBody("{\"success\": false, \"error\": {\"msg\": \"database on fire\"}}")));
        try (CapturedLogs logs = CapturedLogs.capture(); RunningApp app = RunningApp.start(home, candidatesOnly(live("customer-a")))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.text().contains("Knit sync.start failed after retries"));
            assertThat(logs.text()).contains("database on fire");
        }
        // One call and two retries (knit.retry.max-redeliveries = 2).
        assertThat(syncCalls()).hasSize(3);
    }

    @Test
    void aCronExpressionAddsTheScheduledSync() throws Exception {
        knit.stubFor(post(SYNC).willReturn(aResponse().withStatus(200).withBody(OK)));
        Map<String, String> s = live("customer-a");
        s.put("knit.sync-on-start", "false");
        s.put("knit.sync-cron", "0 0 6 * * ?");
        try (RunningApp app = RunningApp.start(home, s)) {
            assertThat(app.context().getRoute("sync-knit-on-schedule")).isNotNull();
            assertThat(app.context().getRoute("sync-knit-on-start")).as("KNIT_SYNC_ON_START=false").isNull();
        }
    }

    @Test
    void liveModeWithoutKeyAndIntegrationRefusesToStartNamingBoth() {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("knit.mode", "live");
        assertThatThrownBy(() -> RunningApp.start(home, s).close())
                .hasStackTraceContaining("KNIT_API_KEY and KNIT_INTEGRATION_ID");
    }
}
