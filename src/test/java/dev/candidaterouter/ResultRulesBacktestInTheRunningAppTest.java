package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.camel.drools.DroolsComponent;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /rules/backtest with {@code "ruleset": "result-actions"} in the running process: pasted result rules are
 * decided beside the result rules being served — not the files on disk — over the stored results, and nothing is
 * written.
 */
class ResultRulesBacktestInTheRunningAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES_TOKEN = "analysts-token-for-tests";
    private static final Map<String, String> AS_ANALYST = Map.of("Content-Type", "application/json",
            "Authorization", "Bearer " + RULES_TOKEN);

    @TempDir
    Path home;

    /** An order's result, decided already (so the running process leaves it alone): cN invited for order o-N. */
    private static void decidedOrderResult(RunningApp app, int n, double percentage) {
        Instant now = Instant.now();
        String candidate = "c" + n;
        app.jdbc().update("""
                INSERT INTO decision (id, integration_id, candidate_id, event_id, assessment_id, track, level, channels,
                                      unreachable, fired_rules, ruleset_version, decided_at)
                VALUES (?, 'int-1', ?, ?, 'backend-jvm-intermediate', 'backend-jvm', 'intermediate', 'ASSESSMENT', FALSE, '', 'v1', ?)""",
                1000 + n, candidate, "e-" + n, now);
        for (String[] send : List.of(new String[] {"ASSESSMENT", "invitation", null}, new String[] {"KNIT", "order-invited", "o-" + n})) {
            app.jdbc().update("""
                    INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, kind, order_id,
                                          decision_id, status, next_attempt_at, created_at, updated_at)
                    VALUES (?, 'int-1', ?, 'backend-jvm-intermediate', ?, ?, ?, ?, 'sent', ?, ?, ?)""",
                    "key-" + send[1] + "-" + n, candidate, send[0], send[1], send[2], 1000 + n, now, now, now);
        }
        app.jdbc().update("""
                INSERT INTO assessment_result (invitation_dispatch_id, invitation_id, integration_id, candidate_id, assessment_id,
                                               status, score, max_score, percentage, completed_at, source, received_at, state)
                SELECT id, ?, integration_id, candidate_id, assessment_id, 'completed', ?, 100, ?, ?, 'webhook', ?, 'decided'
                  FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT'""",
                "inv-" + n, percentage, percentage, now, now, candidate);
    }

    @Test
    void pastedResultRulesAreBacktestedAgainstTheServedResultRulesOverTheStoredResults() throws Exception {
        Path results = Files.createDirectories(home.resolve("rules-results"));
        String live = Files.readString(Path.of("rules/results/result-actions.drl"));
        Files.writeString(results.resolve("result-actions.drl"), live);
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("rules.results-dir", results.toString());
        settings.put("rules.reload", "false");
        settings.put("rules.token", RULES_TOKEN);
        String raised = live.replace("insert(new DefaultPassMark(70));", "insert(new DefaultPassMark(80));");
        assertThat(raised).isNotEqualTo(live);
        try (RunningApp app = RunningApp.start(home, settings)) {
            decidedOrderResult(app, 1, 75.0); // passed -> failed
            decidedOrderResult(app, 2, 85.0); // passed either way
            decidedOrderResult(app, 3, 65.0); // failed either way
            await().atMost(Duration.ofSeconds(30)).until(() -> app.context().getComponent("drools", DroolsComponent.class)
                    .getRuleSets().get("result-actions") != null);
            String served = app.context().getComponent("drools", DroolsComponent.class).getRuleSets().get("result-actions")
                    .status().version();
            // On disk the raised mark already; the process still serves the old one (no reload): that is the live side.
            Files.writeString(results.resolve("result-actions.drl"), raised);
            String stored = app.jdbc().query("SELECT id, state, actions_json FROM assessment_result ORDER BY id",
                    rs -> rs.getLong(1) + rs.getString(2) + rs.getString(3)).toString();

            ObjectNode request = JSON.createObjectNode().put("ruleset", "result-actions").put("since", "P1D");
            request.putObject("files").put("result-actions.drl", raised);
            HttpResponse<String> answer = app.post("/rules/backtest", JSON.writeValueAsBytes(request), AS_ANALYST);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(answer.body());
            assertThat(report.path("ruleset").asText()).isEqualTo("result-actions");
            assertThat(report.path("liveVersion").asText()).isEqualTo(served);
            assertThat(report.path("results").asInt()).isEqualTo(3);
            assertThat(report.path("changedResults").asInt()).isEqualTo(1);
            assertThat(report.at("/verdicts/0").toString()).isEqualTo("{\"name\":\"passed\",\"before\":2,\"after\":1,\"change\":-1}");
            assertThat(report.at("/actions/2").toString()).isEqualTo("{\"name\":\"order update\",\"before\":3,\"after\":3,\"change\":0}");
            assertThat(report.at("/changed/0/candidateId").asText()).isEqualTo("c1");
            assertThat(report.at("/changed/0/actionsAfter/0").asText()).isEqualTo("order status COMPLETED");

            HttpResponse<String> broken = app.post("/rules/backtest",
                    TestEvents.bytes("{\"ruleset\": \"result-actions\", \"files\": {\"result-actions.drl\": \"rule x when then\"}}"),
                    AS_ANALYST);
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(broken.body()).path("error").asText()).contains("result-actions.drl:");
            HttpResponse<String> unknown = app.post("/rules/backtest",
                    TestEvents.bytes("{\"ruleset\": \"nope\", \"files\": {\"x.drl\": \"\"}}"), AS_ANALYST);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(app.post("/rules/backtest", JSON.writeValueAsBytes(request), Map.of("Content-Type", "application/json"))
                    .statusCode()).isEqualTo(401);
            assertThat(app.jdbc().query("SELECT id, state, actions_json FROM assessment_result ORDER BY id",
                    rs -> rs.getLong(1) + rs.getString(2) + rs.getString(3)).toString()).as("nothing decided").isEqualTo(stored);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE result_id IS NOT NULL")).as("nothing planned").isZero();
        }
    }
}
