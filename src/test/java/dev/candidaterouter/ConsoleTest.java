package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console over plain HTTP: its files are served from the jar with security headers and hold no data, anything
 * else under /console is 404, the console's token is an admin token, and the overview counts what the tables hold.
 * (The pages themselves, in a browser: ConsoleBrowserTest.)
 */
class ConsoleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-token-for-console-tests";
    private static final String CONSOLE_TOKEN = "console-token-for-console-tests";

    @TempDir
    Path home;

    RunningApp app;

    @BeforeEach
    void start() throws Exception {
        app = RunningApp.start(home, settings());
    }

    private Map<String, String> settings() {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("admin.token", ADMIN_TOKEN);
        settings.put("console.token", CONSOLE_TOKEN);
        return settings;
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> asConsole(String path) throws Exception {
        return app.get(path, Map.of("Authorization", "Bearer " + CONSOLE_TOKEN));
    }

    @Test
    void thePageItsScriptAndTheChartLibraryAreServedFromTheJarWithSecurityHeaders() throws Exception {
        for (String path : new String[] {"/console", "/console/", "/console/index.html"}) {
            HttpResponse<String> page = app.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).as(path).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script defer src=\"/console/console.js\"></script>");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
        // No inline script anywhere in the page (the policy would block it): only the two files of our own.
        assertThat(app.get("/console/").body().replaceAll("<script defer src=\"[^\"]+\"></script>", "")).doesNotContain("<script");

        HttpResponse<String> script = app.get("/console/console.js");
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).isEqualTo(Files.readString(Path.of("src/main/resources/console/console.js")));
        assertThat(app.get("/console/console.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");

        // The chart library comes from its WebJar (a Maven dependency), its version found in the jar.
        HttpResponse<String> uplot = app.get("/console/webjars/uplot/dist/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(uplot.body()).contains("uPlot");
        assertThat(Path.of("src/main/resources/console")).isDirectoryNotContaining("glob:**uPlot*");
    }

    @Test
    void onlyConsoleFilesAreServedAndOnlyWithGet() throws Exception {
        for (String path : new String[] {"/console/nothing.js", "/console/../application.properties",
                "/console/%2e%2e/application.properties", "/console/webjars/uplot/../../../../application.properties",
                "/console/webjars/uplot/package.json", "/console/webjars/nothing/x.js", "/console/.hidden.js",
                "/console/application.properties"}) {
            HttpResponse<String> answer = app.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("server.port").doesNotContain("version");
        }
        assertThat(app.post("/console/", bytes("x"), Map.of()).statusCode()).isEqualTo(405);
    }

    @Test
    void theConsoleTokenOpensTheAdminCallsAndBacktestsAndAWrongOneNothing() throws Exception {
        assertThat(asConsole("/admin/rules").statusCode()).isEqualTo(200);
        assertThat(asConsole("/admin/dead-letters").statusCode()).isEqualTo(200);
        assertThat(app.post("/admin/dispatches/replay?dryRun=true", new byte[0],
                Map.of("Authorization", "Bearer " + CONSOLE_TOKEN)).statusCode()).isEqualTo(200);
        assertThat(app.post("/rules/backtest", bytes("{\"files\": {\"assessment-routing.drl\": \"package x;\"}}"),
                Map.of("Authorization", "Bearer " + CONSOLE_TOKEN, "Content-Type", "application/json")).statusCode()).isEqualTo(200);
        assertThat(app.get("/admin/overview", Map.of("Authorization", "Bearer " + CONSOLE_TOKEN + "x")).statusCode()).isEqualTo(401);
        assertThat(app.get("/admin/overview").statusCode()).isEqualTo(401);
    }

    /** The overview's grouped queries (days in UTC, the pass mark) on both databases. */
    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void overviewCountsDecisionsSendsAndResultsOfThePeriod(String database) throws Exception {
        if (database.equals("PostgreSQL")) {
            app.close();
            Map<String, String> settings = settings();
            settings.put("db.url", Postgres.freshSchemaUrl());
            settings.put("db.user", Postgres.USER);
            settings.put("db.password", Postgres.PASSWORD);
            app = RunningApp.start(home, settings);
        }
        // The day (UTC) before and after the decisions: the same but when the test runs across midnight.
        String dayBefore = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        for (String[] c : new String[][] {{"c-java", "Java", "Expert"}, {"c-py", "Python", "Beginner"}}) {
            byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), c[0], c[1], c[2], "2025-01-01T00:00:00Z"));
            assertThat(app.post("/webhooks/knit", body, signedHeaders(body)).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count("SELECT COUNT(*) FROM decision") == 2
                && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);
        long dispatches = app.jdbc().count("SELECT COUNT(*) FROM dispatch");
        app.jdbc().update("UPDATE dispatch SET status = 'dead' WHERE id = (SELECT MIN(id) FROM dispatch)");
        long invitation = app.jdbc().queryOne("SELECT MIN(id) FROM dispatch", rs -> rs.getLong(1)).orElseThrow();
        app.jdbc().update("INSERT INTO assessment_result (invitation_dispatch_id, invitation_id, integration_id, candidate_id, "
                + "assessment_id, status, percentage, source, received_at, state, passed) VALUES (?, 'inv-1', 'i', 'c-java', 'a', "
                + "'completed', 82.5, 'simulated', CURRENT_TIMESTAMP, 'decided', TRUE)", invitation);
        app.jdbc().update("INSERT INTO assessment_result (invitation_dispatch_id, invitation_id, integration_id, candidate_id, "
                + "assessment_id, status, percentage, source, received_at, state, passed) VALUES (?, 'inv-2', 'i', 'c-py', 'a', "
                + "'completed', 50, 'simulated', CURRENT_TIMESTAMP, 'decided', FALSE)", invitation + 1);

        HttpResponse<String> answer = asConsole("/admin/overview?days=7");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode o = JSON.readTree(answer.body());
        assertThat(o.path("days").asInt()).isEqualTo(7);
        String dayAfter = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(o.path("to").asText()).isIn(dayBefore, dayAfter);
        long decisions = 0;
        for (JsonNode d : o.path("decisions")) {
            assertThat(d.path("day").asText()).isIn(dayBefore, dayAfter);
            decisions += d.path("count").asLong();
        }
        assertThat(decisions).isEqualTo(2);
        assertThat(answer.body()).contains("\"name\":\"backend-jvm-advanced\"");
        long invited = 0;
        for (JsonNode d : o.path("invited")) {
            invited += d.path("invited").asLong() + d.path("notInvited").asLong();
        }
        assertThat(invited).isEqualTo(2);
        long sends = 0;
        long dead = 0;
        for (JsonNode s : o.path("sends")) {
            sends += s.path("count").asLong();
            dead += s.path("status").asText().equals("dead") ? s.path("count").asLong() : 0;
        }
        assertThat(sends).isEqualTo(dispatches);
        assertThat(dead).isEqualTo(1);
        assertThat(o.path("rules").toString()).contains("The assessment is the track at the level");
        assertThat(o.at("/results/received").asLong()).isEqualTo(2);
        assertThat(o.at("/results/completed").asLong()).isEqualTo(2);
        assertThat(o.at("/results/passed").asLong()).isEqualTo(1);
        assertThat(o.at("/results/averagePercentage").asDouble()).isEqualTo(66.3);
        assertThat(answer.body()).as("counts only").doesNotContain("c-java").doesNotContain("@");

        HttpResponse<String> bad = asConsole("/admin/overview?days=0");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").asText()).contains("days must be a whole number from 1 to 366");
    }
}
