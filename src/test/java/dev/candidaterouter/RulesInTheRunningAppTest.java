package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules as operators and analysts meet them in the running process: evaluate, hot reload, health, start-up. */
class RulesInTheRunningAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES_TOKEN = "analysts-token-for-tests";
    private static final String ADMIN_TOKEN = "admin-token-for-tests";
    private static final Map<String, String> AS_ANALYST = Map.of("Content-Type", "application/json",
            "Authorization", "Bearer " + RULES_TOKEN);

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
        s.put("rules.token", RULES_TOKEN);
        s.put("admin.token", ADMIN_TOKEN);
        return s;
    }

    @Test
    void evaluateAnswersWithTheDecisionAndFiredRulesForAProfileOrKnitData() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings(rulesCopy()))) {
            HttpResponse<String> byProfile = app.post("/rules/evaluate", bytes("""
                    {"profile": {"skills": [{"name": "Rust", "proficiency": "Expert"}], "preferredPhone": "+14155550123"}}"""),
                    AS_ANALYST);
            assertThat(byProfile.statusCode()).isEqualTo(200);
            JsonNode answer = JSON.readTree(byProfile.body());
            assertThat(answer.at("/decision/assessmentId").asText()).isEqualTo("systems-advanced");
            assertThat(answer.at("/decision/channels").toString()).contains("ASSESSMENT").contains("SMS");
            assertThat(answer.path("firedRules").toString()).contains("An expert in the track's skill takes the advanced level");
            assertThat(answer.path("rulesetVersion").asText()).isNotBlank();
            // The profile the rules saw, with what the assembler derived from the request.
            assertThat(answer.at("/profile/preferredPhone").asText()).isEqualTo("+14155550123");
            assertThat(answer.at("/profile/skills").toString()).contains("Rust");

            byte[] knitData = Files.readAllBytes(Path.of("samples/knit/02-jose-nunez.json"));
            HttpResponse<String> byKnitData = app.post("/rules/evaluate", knitData, AS_ANALYST);
            assertThat(JSON.readTree(byKnitData.body()).at("/decision/track").asText()).isEqualTo("backend-python");

            HttpResponse<String> bad = app.post("/rules/evaluate", bytes("{\"profile\": {\"yearsOfExperience\": \"many\"}}"),
                    AS_ANALYST);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("error").asText()).contains("yearsOfExperience must be a number");
            // Nothing was stored or sent.
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).isZero();
        }
    }

    @Test
    void backtestComparesPastedRulesWithTheLiveOnesOverTheStoredCandidates() throws Exception {
        Path rules = rulesCopy();
        String live = Files.readString(rules.resolve("assessment-routing.drl"));
        Map<String, String> withSync = settings(rules);
        withSync.put("knit.sync-on-start", "true"); // the sandbox's sample candidates are the stored ones
        try (RunningApp app = RunningApp.start(home, withSync)) {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'") >= 1
                            && app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0);
            long stored = app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE state = 'active' AND profile_json IS NOT NULL");
            assertThat(stored).isPositive();
            long sendsBefore = app.jdbc().count("SELECT COUNT(*) FROM dispatch");

            // Without the SMS rule for advanced candidates: exactly those the live rules text lose their SMS.
            String noAdvancedSms = live.substring(0, live.indexOf("rule \"Advanced candidates with a phone also receive an SMS\""));
            ObjectNode request = JSON.createObjectNode();
            request.putObject("files").put("assessment-routing.drl", noAdvancedSms);
            HttpResponse<String> answer = app.post("/rules/backtest", JSON.writeValueAsBytes(request), AS_ANALYST);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(answer.body());
            assertThat(report.path("candidates").asLong()).isEqualTo(stored);
            long advancedWithSms = app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision WHERE channels LIKE '%SMS%' AND channels LIKE '%EMAIL%'");
            JsonNode sms = null;
            for (JsonNode c : report.path("channels")) {
                sms = c.path("channel").asText().equals("SMS") ? c : sms;
            }
            assertThat(sms).as(answer.body()).isNotNull();
            assertThat(sms.path("change").asLong()).isEqualTo(-advancedWithSms);
            assertThat(report.path("changedDecisions").asLong()).isEqualTo(advancedWithSms);
            assertThat(report.path("transitions")).as("the assessments stay").isEmpty();
            assertThat(answer.body()).doesNotContain("@").as("names and contacts are masked");

            HttpResponse<String> broken = app.post("/rules/backtest", bytes("{\"files\": {\"assessment-routing.drl\": \"rule x when then\"}}"),
                    AS_ANALYST);
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(broken.body()).path("error").asText()).contains("assessment-routing.drl:");
            assertThat(app.post("/rules/backtest", JSON.writeValueAsBytes(request), Map.of("Content-Type", "application/json"))
                    .statusCode()).isEqualTo(401);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch")).as("a backtest sends nothing").isEqualTo(sendsBefore);
        }
    }

    @Test
    void theBacktestComparesWithTheRulesBeingServedNotWithTheFilesOnDisk() throws Exception {
        Path rules = rulesCopy();
        Path drl = rules.resolve("assessment-routing.drl");
        String served = Files.readString(drl);
        try (RunningApp app = RunningApp.start(home, settings(rules))) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM ruleset_version WHERE ruleset = 'assessment-routing'") == 1);
            String servedVersion = app.jdbc().queryOne("SELECT version FROM ruleset_version", r -> r.getString(1)).orElseThrow();
            // An edit on disk that does not compile never goes live: the process keeps serving the rules it had.
            TestRules.dropHalfWrittenRule(rules);
            await().atMost(Duration.ofSeconds(30)).until(() -> rejectedGauge(app) == 1.0);

            ObjectNode request = JSON.createObjectNode();
            request.putObject("files").put("assessment-routing.drl", served);
            HttpResponse<String> answer = app.post("/rules/backtest", JSON.writeValueAsBytes(request), AS_ANALYST);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode report = JSON.readTree(answer.body());
            assertThat(report.path("liveVersion").asText()).as("the version being served").isEqualTo(servedVersion);
            assertThat(report.path("changedVersion").asText()).as("the same files, the same version").isEqualTo(servedVersion);
            assertThat(report.path("changedDecisions").asLong()).isZero();
        }
    }

    @Test
    void everyVersionThatGoesLiveIsInTheHistoryWithItsDiffAndInstancesServingAnotherShowInHealth() throws Exception {
        Path rules = rulesCopy();
        Map<String, String> asAdmin = Map.of("Authorization", "Bearer " + ADMIN_TOKEN);
        try (RunningApp app = RunningApp.start(home, settings(rules))) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM ruleset_version WHERE ruleset = 'assessment-routing'") == 1);
            String first = app.jdbc().queryOne("SELECT version FROM ruleset_version", r -> r.getString(1)).orElseThrow();
            Path drl = rules.resolve("assessment-routing.drl");
            Files.writeString(drl, Files.readString(drl).replace("List.of(\"python\", \"django\"", "List.of(\"python\", \"pandas-ai\", \"django\""));
            Files.setLastModifiedTime(drl, FileTime.from(Instant.now().plusSeconds(5)));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM ruleset_version WHERE ruleset = 'assessment-routing'") == 2);

            JsonNode versions = JSON.readTree(app.get("/admin/rules/assessment-routing/versions", asAdmin).body());
            assertThat(versions).hasSize(2);
            String second = versions.get(0).path("version").asText();
            assertThat(versions.get(1).path("version").asText()).isEqualTo(first);
            assertThat(versions.get(0).path("files").toString()).contains("assessment-routing.drl");
            HttpResponse<String> diff = app.get("/admin/rules/assessment-routing/diff?from=" + first + "&to=" + second, asAdmin);
            assertThat(diff.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(diff.body()).at("/changed/assessment-routing.drl").asText())
                    .contains("-    insert(new TrackSkills(\"backend-python\"").contains("+    insert(new TrackSkills(\"backend-python\"")
                    .contains("pandas-ai");
            assertThat(app.get("/admin/rules/assessment-routing/diff?from=" + first + "&to=nope", asAdmin).statusCode()).isEqualTo(404);
            assertThat(app.get("/admin/rules/assessment-routing/versions").statusCode()).isEqualTo(401);

            // A decision names its version, which the history holds.
            byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-history", "Python", "Expert",
                    "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM decision d JOIN ruleset_version v ON v.version = d.ruleset_version"
                            + " WHERE d.candidate_id = 'c-history' AND v.version = ?", second) == 1);

            // This instance alone: no mismatch. Another instance on the database serving the first version: shown.
            assertThat(rulesCheckWithData(app).at("/data/versionMismatch").asBoolean()).isFalse();
            app.jdbc().update("INSERT INTO ruleset_served (instance_id, ruleset, version, since, seen_at) VALUES (?, ?, ?, ?, ?)",
                    "other-instance", "assessment-routing", first, Instant.now(), Instant.now());
            JsonNode check = rulesCheckWithData(app);
            assertThat(check.at("/data/versionMismatch").asBoolean()).isTrue();
            assertThat(check.path("status").asText()).isEqualTo("UP");
            assertThat(check.at("/data/instances").toString()).contains("other-instance").contains(first).contains(second);
        }
    }

    @Test
    void evaluateNeedsTheAnalystsOrTheAdminTokenAndIsOffWithoutEither() throws Exception {
        byte[] profile = bytes("{\"profile\": {\"skills\": [\"Java\"], \"preferredEmail\": \"a@example.com\"}}");
        try (RunningApp app = RunningApp.start(home, settings(rulesCopy()))) {
            HttpResponse<String> anonymous = app.post("/rules/evaluate", profile, Map.of("Content-Type", "application/json"));
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(anonymous.body()).path("error").asText()).contains("missing or wrong token");
            HttpResponse<String> wrong = app.post("/rules/evaluate", profile, Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + RULES_TOKEN + "x"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/json");

            assertThat(app.post("/rules/evaluate", profile, AS_ANALYST).statusCode()).isEqualTo(200);
            HttpResponse<String> asAdmin = app.post("/rules/evaluate", profile, Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer " + ADMIN_TOKEN));
            assertThat(asAdmin.statusCode()).isEqualTo(200);
            assertThat(asAdmin.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(asAdmin.headers().map().toString()).doesNotContain(ADMIN_TOKEN);
        }
        Map<String, String> noTokens = RunningApp.defaults(home);
        noTokens.put("rules.dir", home.resolve("rules").toString());
        try (RunningApp app = RunningApp.start(home, noTokens)) {
            HttpResponse<String> off = app.post("/rules/evaluate", profile, Map.of("Content-Type", "application/json",
                    "Authorization", "Bearer anything"));
            assertThat(off.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(off.body()).path("error").asText()).contains("RULES_TOKEN");
        }
    }

    @Test
    void inlineResumeContentIsCheckedButNeverWrittenAndTheAnswerNamesNoPath() throws Exception {
        Path attachments = home.resolve("attachments");
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.4 a resume".getBytes(StandardCharsets.UTF_8));
        byte[] knitData = bytes("""
                {"info": {"id": "c-inline", "emails": [{"type": "PERSONAL", "email": "ada@example.com"}]},
                 "skills": [{"skillName": "Java", "proficiency": "Expert"}],
                 "attachments": [{"fileType": "RESUME", "fileName": "ada-cv.pdf", "attachmentContent": "%s"}]}"""
                .formatted(pdf));
        try (RunningApp app = RunningApp.start(home, settings(rulesCopy()))) {
            HttpResponse<String> answer = app.post("/rules/evaluate", knitData, AS_ANALYST);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).at("/profile/resume/fileName").asText()).isEqualTo("ada-cv.pdf");
            assertThat(answer.body()).doesNotContain("storedPath").doesNotContain(home.toAbsolutePath().toString());
            assertThat(filesUnder(attachments)).isEmpty();
        }
    }

    @Test
    void aBodyOverTheEvaluationLimitIsRefusedWith413ByTheServerBeforeTheRouteSeesIt() throws Exception {
        Map<String, String> s = settings(rulesCopy());
        s.put("rules.evaluate-max-body-bytes", "1000");
        // Not JSON at all: parsed, it would be a 400 "not valid JSON".
        byte[] tooLarge = "x".repeat(1001).getBytes(StandardCharsets.UTF_8);
        try (RunningApp app = RunningApp.start(home, s)) {
            HttpResponse<String> refused = app.post("/rules/evaluate", tooLarge, AS_ANALYST);
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(JSON.readTree(refused.body()).path("error").asText()).contains("exceeds the limit of 1000 bytes");
            // Chunked, without a Content-Length: the bytes received are counted.
            java.net.http.HttpRequest chunked = java.net.http.HttpRequest.newBuilder(app.uri("/rules/evaluate"))
                    .header("Authorization", "Bearer " + RULES_TOKEN).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(tooLarge)))
                    .build();
            assertThat(java.net.http.HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(413);

            // The server refuses the body while it arrives, ahead of the route and so of its token check: nobody's
            // 25 MB are buffered for a call that takes 1 MB.
            assertThat(app.post("/rules/evaluate", tooLarge, Map.of("Content-Type", "application/json")).statusCode())
                    .as("oversized without a token").isEqualTo(413);
            assertThat(app.post("/rules/evaluate", "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"))
                    .statusCode()).as("small without a token").isEqualTo(401);
            // Admin calls take no body at all: theirs is limited too.
            HttpResponse<String> adminBody = app.post("/admin/dispatches/replay", new byte[128 * 1024],
                    Map.of("Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/octet-stream"));
            assertThat(adminBody.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(adminBody.body()).path("error").asText()).contains("exceeds the limit");
            HttpResponse<String> small = app.post("/rules/evaluate", "x".repeat(1000).getBytes(StandardCharsets.UTF_8), AS_ANALYST);
            assertThat(small.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(small.body()).path("error").asText()).contains("not valid JSON");
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
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

    @Test
    void aRejectedRuleChangeIsAGaugeAndAHealthDetailUntilAGoodChangeIsAccepted() throws Exception {
        Path rules = rulesCopy();
        try (RunningApp app = RunningApp.start(home, settings(rules))) {
            assertThat(rejectedGauge(app)).isZero();
            assertThat(rulesHealth(app).getDetails()).containsEntry("rejected", false).doesNotContainKey("rejectedAt");

            Path broken = TestRules.dropHalfWrittenRule(rules);
            await().atMost(Duration.ofSeconds(30)).until(() -> rejectedGauge(app) == 1.0);
            assertThat(rulesHealth(app).getState()).as("the old rules still serve: stay ready").isEqualTo(HealthCheck.State.UP);
            assertThat(rulesHealth(app).getDetails()).containsEntry("rejected", true).containsKey("rejectedAt");
            // What a scraper and a health probe see.
            assertThat(observe(app, "/observe/metrics"))
                    .contains("candidate_router_rules_rejected{ruleset=\"assessment-routing\"} 1.0")
                    .contains("candidate_router_rules_rejections_total{ruleset=\"assessment-routing\"} 1.0");
            JsonNode rulesData = null;
            for (JsonNode check : JSON.readTree(observe(app, "/observe/health?data=true")).path("checks")) {
                rulesData = check.path("name").asText().equals("rules-assessment-routing") ? check.path("data") : rulesData;
            }
            assertThat(rulesData.path("rejected").isBoolean() && rulesData.path("rejected").booleanValue()).isTrue();
            assertThat(Instant.parse(rulesData.path("rejectedAt").asText())).isBefore(Instant.now().plusSeconds(1));

            // The analyst removes the half-written file: the folder compiles again.
            Files.delete(broken);
            await().atMost(Duration.ofSeconds(30)).until(() -> rejectedGauge(app) == 0.0);
            assertThat(rulesHealth(app).getDetails()).containsEntry("rejected", false).doesNotContainKey("rejectedAt");
            assertThat(observe(app, "/observe/metrics"))
                    .contains("candidate_router_rules_rejected{ruleset=\"assessment-routing\"} 0.0")
                    .as("the rejection stays counted").contains("candidate_router_rules_rejections_total{ruleset=\"assessment-routing\"} 1.0");
        }
    }

    private static double rejectedGauge(RunningApp app) {
        Gauge gauge = app.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class)
                .find("candidate_router_rules_rejected").tag("ruleset", "assessment-routing").gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static HealthCheck.Result rulesHealth(RunningApp app) {
        return HealthCheckHelper.invoke(app.context()).stream().filter(r -> r.getCheck().getId().equals("rules-assessment-routing"))
                .findFirst().orElseThrow(() -> new AssertionError("no rules health check"));
    }

    /** The observability endpoints, on the management port. */
    private static String observe(RunningApp app, String path) throws Exception {
        HttpResponse<String> answer = app.management(path);
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    private static JsonNode rulesCheckWithData(RunningApp app) throws Exception {
        for (JsonNode check : JSON.readTree(app.management("/observe/health?data=true").body()).path("checks")) {
            if (check.path("name").asText().equals("rules-assessment-routing")) {
                return check;
            }
        }
        throw new AssertionError("no rules-assessment-routing check in /observe/health?data=true");
    }

    private static JsonNode rulesCheck(RunningApp app) throws Exception {
        for (JsonNode check : JSON.readTree(app.management("/observe/health").body()).path("checks")) {
            if (check.path("name").asText().equals("rules-assessment-routing")) {
                return check;
            }
        }
        throw new AssertionError("no rules-assessment-routing check in /observe/health");
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
