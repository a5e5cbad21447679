package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RULES_SHADOW_DIR: a second rule set decides beside the live one on live traffic, stored and never dispatched. */
class ShadowRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-token-for-tests";

    @TempDir
    Path home;

    private Path rules(String name, String drl) throws Exception {
        Path dir = Files.createDirectories(home.resolve(name));
        Files.writeString(dir.resolve("assessment-routing.drl"), drl);
        return dir;
    }

    private static String liveRules() throws Exception {
        return Files.readString(Path.of("rules/assessment-routing.drl"));
    }

    private Map<String, String> settings(Path shadow) throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("rules.dir", rules("rules", liveRules()).toString());
        s.put("rules.shadow-dir", shadow == null ? "" : shadow.toString());
        s.put("admin.token", ADMIN_TOKEN);
        s.put("knit.sync-on-start", "true"); // the sandbox's sample candidates arrive and are decided
        return s;
    }

    private static void awaitSyncProcessed(RunningApp app) {
        await().atMost(Duration.ofSeconds(90)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'") >= 1
                        && app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0);
    }

    private List<String> outboxTexts() throws Exception {
        Path outbox = home.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(outbox)) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return Files.readString(f);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    /** The shadow names every assessment differently, so anything it dispatched would show. */
    private static String shadowRules() throws Exception {
        String live = liveRules();
        String changed = live.replace("decision.setAssessmentId($track + \"-\" + $level);",
                "decision.setAssessmentId(\"shadow-\" + $track + \"-\" + $level);");
        assertThat(changed).isNotEqualTo(live);
        return changed;
    }

    @Test
    void shadowDecisionsAreStoredPerEventAndNeverDispatched() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings(rules("shadow", shadowRules())))) {
            awaitSyncProcessed(app);
            long decided = app.jdbc().count("SELECT COUNT(*) FROM decision");
            assertThat(decided).isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM shadow_decision") == decided);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM shadow_decision WHERE assessment_id NOT LIKE 'shadow-%'")).isZero();
            assertThat(app.jdbc().count("""
                    SELECT COUNT(*) FROM shadow_decision s JOIN decision d
                      ON d.integration_id = s.integration_id AND d.event_id = s.event_id
                     WHERE s.assessment_id = 'shadow-' || d.assessment_id AND s.candidate_id = d.candidate_id""")).isEqualTo(decided);

            // Only the live decisions' sends: the dispatch table and the outbox know nothing of the shadow.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch")).isPositive();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE assessment_id LIKE 'shadow-%'")).isZero();
            List<String> outbox = outboxTexts();
            assertThat(outbox).isNotEmpty();
            assertThat(outbox).noneMatch(text -> text.contains("shadow-"));

            // The shadow's queue is bounded: what does not fit is dropped and counted, never waited for or failed.
            java.util.concurrent.ThreadPoolExecutor shadowThread = (java.util.concurrent.ThreadPoolExecutor) app.context()
                    .getRegistry().lookupByName("shadowRulesThread");
            assertThat(shadowThread.getQueue().remainingCapacity()).isEqualTo(10_000);
            shadowThread.getRejectedExecutionHandler().rejectedExecution(() -> { }, shadowThread);
            assertThat(shadowCounter(app, "candidate_router_shadow_dropped_total")).isEqualTo(1.0);
        }
    }

    private static double shadowFailures(RunningApp app) {
        return shadowCounter(app, "candidate_router_shadow_failures_total");
    }

    private static double shadowCounter(RunningApp app, String name) {
        return app.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class).counter(name).count();
    }

    @Test
    void adminComparisonReportsCountsAgreementAndTheLatestDisagreements() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings(rules("shadow", shadowRules())))) {
            awaitSyncProcessed(app);
            long decided = app.jdbc().count("SELECT COUNT(*) FROM decision");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM shadow_decision") == decided);
            String liveAssessment = app.jdbc().queryOne("SELECT assessment_id FROM decision GROUP BY assessment_id ORDER BY COUNT(*) DESC",
                    r -> r.getString(1)).orElseThrow();
            long liveCount = app.jdbc().count("SELECT COUNT(*) FROM decision WHERE assessment_id = ?", liveAssessment);

            HttpResponse<String> answer = app.get("/admin/rules/shadow?limit=3", Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(answer.body());
            assertThat(report.path("compared").asLong()).isEqualTo(decided);
            assertThat(report.path("agreed").asLong()).as("every shadow assessment is renamed").isZero();
            assertThat(report.path("agreementRate").asDouble()).isZero();
            assertThat(report.at("/assessments/" + liveAssessment + "/live").asLong()).isEqualTo(liveCount);
            assertThat(report.at("/assessments/" + liveAssessment + "/shadow").asLong()).isZero();
            assertThat(report.at("/assessments/shadow-" + liveAssessment + "/shadow").asLong()).isEqualTo(liveCount);
            assertThat(report.path("disagreements")).hasSize(3);
            JsonNode first = report.path("disagreements").get(0);
            assertThat(first.at("/shadow/assessmentId").asText()).isEqualTo("shadow-" + first.at("/live/assessmentId").asText());
            assertThat(first.path("candidateId").asText()).isNotBlank();
            assertThat(answer.body()).doesNotContain("@");

            HttpResponse<String> bad = app.get("/admin/rules/shadow?limit=many", Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("error").asText()).contains("limit must be a whole number");
            assertThat(app.get("/admin/rules/shadow").statusCode()).as("the admin token is required").isEqualTo(401);
        }
    }

    @Test
    void withoutRulesShadowDirNothingShadowHappens() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings(null))) {
            awaitSyncProcessed(app);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).isPositive();
            assertThat(app.context().getRoute("shadow-assessment")).as("the precondition leaves the route out").isNull();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM shadow_decision")).isZero();
            assertThat(shadowFailures(app)).isZero();
        }
    }

    @Test
    void shadowRulesThatDoNotCompileNeitherStopTheStartNorFailALiveDecision() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings(rules("shadow", "rule x when then")))) {
            awaitSyncProcessed(app);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).isPositive();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('failed', 'quarantined')")).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> shadowFailures(app) > 0); // logged and counted
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM shadow_decision")).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> shadowCounter(app, "candidate_router_shadow_skipped_total") > 0);
            assertThat(shadowFailures(app)).as("not compiled again for every event").isLessThan(
                    app.jdbc().count("SELECT COUNT(*) FROM decision"));
        }
    }

    @Test
    void shadowRulesThatThrowNeverFailALiveDecision() throws Exception {
        String throwing = liveRules().replace("decision.setAssessmentId($track + \"-\" + $level);",
                "if (true) { throw new IllegalStateException(\"shadow experiment broke\"); }");
        try (RunningApp app = RunningApp.start(home, settings(rules("shadow", throwing)))) {
            awaitSyncProcessed(app);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).isPositive();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('failed', 'quarantined')")).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> shadowFailures(app) > 0); // logged and counted
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM shadow_decision")).isZero();
        }
    }
}
