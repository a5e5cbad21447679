package dev.candidaterouter.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An analyst drops a rule file that does not compile into the rules folder while events stream in: the change
 * is rejected and shown in health, and every event is still decided, with the rules that were running.
 */
@ExtendWith(ScenarioReport.class)
class BrokenRulesFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void brokenRuleFileDroppedInWhileEventsFlowIsRejectedAndEveryEventIsDecidedWithThePreviousRules() throws Exception {
        Path rules = Files.createDirectories(home.resolve("rules"));
        Files.copy(Path.of("rules/assessment-routing.drl"), rules.resolve("assessment-routing.drl"));
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("rules.dir", rules.toString());
        try (RunningApp app = RunningApp.start(home, settings); Webhook knit = new Webhook(app.port())) {
            List<String> firstWave = candidates(0, 300);
            CompletableFuture<List<Integer>> delivery = CompletableFuture.supplyAsync(() -> knit.postAll(firstWave));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM decision") >= 50);
            String versionBefore = app.jdbc().queryOne("SELECT MIN(ruleset_version) FROM decision", rs -> rs.getString(1)).orElseThrow();

            // The broken file arrives mid-stream.
            Path broken = dev.candidaterouter.TestRules.dropHalfWrittenRule(rules);
            await().atMost(Duration.ofSeconds(30)).until(() -> rulesCheck(app).path("message").asText().startsWith("degraded"));
            assertThat(rulesCheck(app).path("status").asText()).isEqualTo("UP");

            // Traffic keeps coming after the rejection.
            List<String> secondWave = candidates(300, 500);
            List<Integer> answers = new ArrayList<>(delivery.join());
            answers.addAll(knit.postAll(secondWave));
            assertThat(answers).containsOnly(200);

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                            && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);

            long decided = app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision");
            long invited = app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'");
            long duplicates = Outbox.duplicateInvitations(home.resolve("outbox"));
            ScenarioReport.record("broken-rules-file", knit.sent(), invited, duplicates, 500 - decided);

            assertThat(decided).isEqualTo(500);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status <> 'processed'")).as("failed or other rows").isZero();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE attempts > 1")).as("events that needed a retry").isZero();
            assertThat(app.jdbc().query("SELECT DISTINCT ruleset_version FROM decision", rs -> rs.getString(1)))
                    .as("rules version of every decision").containsExactly(versionBefore);
            assertThat(invited).isEqualTo(500);
            assertThat(duplicates).isZero();
            assertThat(rulesCheck(app).path("message").asText()).startsWith("degraded").contains("new-rule-in-progress.drl");
        }
    }

    private static List<String> candidates(int from, int to) {
        List<String> bodies = new ArrayList<>();
        for (int i = from; i < to; i++) {
            bodies.add(Webhook.newCandidate("rules-" + i));
        }
        return bodies;
    }

    private static JsonNode rulesCheck(RunningApp app) throws Exception {
        for (JsonNode check : JSON.readTree(app.management("/observe/health").body()).path("checks")) {
            if (check.path("name").asText().equals("rules-assessment-routing")) {
                return check;
            }
        }
        throw new AssertionError("no rules-assessment-routing check in /observe/health");
    }
}
