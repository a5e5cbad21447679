package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules as operators and analysts meet them in the running process: evaluate, hot reload, health, start-up. */
class RulesInTheRunningAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Path rulesCopy() throws Exception {
        Path rules = Files.createDirectories(home.resolve("rules"));
        Files.copy(Path.of("rules/assessment-routing.drl"), rules.resolve("assessment-routing.drl"));
        return rules;
    }

    private Map<String, String> settings(Path rules) {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("rules.dir", rules.toString());
        return s;
    }

    @Test
    void evaluateAnswersWithTheDecisionAndFiredRulesForAProfileOrKnitData() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings(rulesCopy()))) {
            HttpResponse<String> byProfile = app.post("/rules/evaluate", bytes("""
                    {"profile": {"skills": [{"name": "Rust", "proficiency": "Expert"}], "preferredPhone": "+14155550123"}}"""),
                    Map.of("Content-Type", "application/json"));
            assertThat(byProfile.statusCode()).isEqualTo(200);
            JsonNode answer = JSON.readTree(byProfile.body());
            assertThat(answer.at("/decision/assessmentId").asText()).isEqualTo("systems-advanced");
            assertThat(answer.at("/decision/channels").toString()).contains("ASSESSMENT").contains("SMS");
            assertThat(answer.path("firedRules").toString()).contains("An expert in the track's skill takes the advanced level");
            assertThat(answer.path("rulesetVersion").asText()).isNotBlank();

            byte[] knitData = Files.readAllBytes(Path.of("samples/knit/02-jose-nunez.json"));
            HttpResponse<String> byKnitData = app.post("/rules/evaluate", knitData, Map.of("Content-Type", "application/json"));
            assertThat(JSON.readTree(byKnitData.body()).at("/decision/track").asText()).isEqualTo("backend-python");

            HttpResponse<String> bad = app.post("/rules/evaluate", bytes("{\"profile\": {\"yearsOfExperience\": \"many\"}}"),
                    Map.of("Content-Type", "application/json"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("error").asText()).contains("yearsOfExperience must be a number");
            // Nothing was stored or sent.
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).isZero();
        }
    }

    @Test
    void brokenRuleChangeIsRejectedShownInHealthAndTheOldRulesKeepDeciding() throws Exception {
        Path rules = rulesCopy();
        Map<String, String> s = settings(rules);
        try (RunningApp app = RunningApp.start(home, s)) {
            Path drl = rules.resolve("assessment-routing.drl");
            Files.writeString(drl, Files.readString(drl).replace("rule \"Everyone else takes the foundation level\"",
                    "rule \"Everyone else takes the foundation level\" oops"));
            Files.setLastModifiedTime(drl, FileTime.from(Instant.now().plusSeconds(5)));
            await().atMost(Duration.ofSeconds(30)).until(() -> rulesCheck(app).path("message").asText().startsWith("degraded"));
            assertThat(rulesCheck(app).path("status").asText()).isEqualTo("UP");
            // Camel's health JSON escapes slashes once more than JSON needs.
            int line = java.util.List.of(Files.readString(drl).split("\n"))
                    .indexOf("rule \"Everyone else takes the foundation level\" oops") + 1;
            assertThat(rulesCheck(app).path("message").asText().replace("\\/", "/")).contains(drl + ":" + line + ":49 [ERR 102]"); // "oops" starts at column 49

            String eventId = TestEvents.newId();
            byte[] body = bytes(TestEvents.candidate("record.new", eventId, "c-after-broken-change", "Java", "Expert",
                    "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = 'c-after-broken-change'") == 1);
        }
    }

    private static JsonNode rulesCheck(RunningApp app) throws Exception {
        for (JsonNode check : JSON.readTree(app.get("/observe/health").body()).path("checks")) {
            if (check.path("name").asText().equals("rules")) {
                return check;
            }
        }
        throw new AssertionError("no rules check in /observe/health");
    }

    @Test
    void rulesThatDecideNothingFailTheEventWithTheReasonAfterItsAttempts() throws Exception {
        Path rules = Files.createDirectories(home.resolve("silent-rules"));
        Files.writeString(rules.resolve("silent.drl"), """
                package rules.silent;
                import dev.candidaterouter.candidate.CandidateProfile;
                rule "Looks at every candidate and decides nothing"
                when
                    CandidateProfile()
                then
                end
                """);
        Map<String, String> s = settings(rules);
        s.put("inbox.max-attempts", "2");
        try (RunningApp app = RunningApp.start(home, s)) {
            String eventId = TestEvents.newId();
            byte[] body = bytes(TestEvents.candidate("record.new", eventId, "c-undecided", "Java", "Expert", "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                    "SELECT COUNT(*) FROM inbox_event WHERE event_id = ? AND status = 'failed'", eventId) == 1);
            assertThat(app.jdbc().queryOne("SELECT reason FROM inbox_event WHERE event_id = ?", rs -> rs.getString(1), eventId))
                    .hasValueSatisfying(r -> assertThat(r).contains("produced no AssessmentDecision for candidate c-undecided"));
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch")).isZero();
        }
    }

    @Test
    void brokenRulesAtStartUpStopTheProcessWithFileAndLine() throws Exception {
        Path rules = rulesCopy();
        Path drl = rules.resolve("assessment-routing.drl");
        Files.writeString(drl, Files.readString(drl).replace("CandidateProfile( currentlyStudying, yearsOfExperience < 1 )",
                "CandidateProfile( currentlyStudyin, yearsOfExperience < 1 )"));
        assertThatThrownBy(() -> RunningApp.start(home, settings(rules)).close())
                .hasStackTraceContaining(drl + ":").hasStackTraceContaining("currentlyStudyin");
    }
}
