package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What operators watch: /observe/health and /observe/metrics on the management port; load balancers: /observe/health. */
class ObservabilityTest {
    @TempDir
    Path home;

    @Test
    void metricsCountEventsDecisionsRulesAndSends() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-metrics", "Rust", "Expert",
                    "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            app.post("/webhooks/knit", body, signedHeaders(body));
            app.post("/webhooks/knit", body, Map.of("Content-Type", "application/json"));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status = 'sent'") == 3);

            String metrics = app.management("/observe/metrics").body();
            assertThat(metrics)
                    .contains("candidate_router_webhook_events_total{outcome=\"stored\",type=\"record.new\"} 1.0")
                    .contains("candidate_router_webhook_events_total{outcome=\"duplicate\",type=\"record.new\"} 1.0")
                    .contains("candidate_router_webhook_events_total{outcome=\"bad_signature\",type=\"unknown\"} 1.0")
                    .contains("candidate_router_decisions_total{assessment=\"systems-advanced\"} 1.0")
                    .contains("candidate_router_rules_fired_total{rule=\"An expert in the track's skill takes the advanced level\"} 1.0")
                    .contains("candidate_router_dispatches{channel=\"assessment\",status=\"sent\"} 1.0")
                    .contains("candidate_router_dispatches{channel=\"sms\",status=\"sent\"} 1.0")
                    .contains("candidate_router_sends_total{channel=\"assessment\"} 1.0")
                    .contains("candidate_router_sends_total{channel=\"email\"} 1.0")
                    .contains("candidate_router_sends_total{channel=\"sms\"} 1.0")
                    .contains("candidate_router_inbox_backlog 0.0")
                    .contains("candidate_router_event_to_decision_seconds_count 1")
                    // Camel's per-route timers, on by default (METRICS_ROUTE_TIMERS) on the routes that say where the
                    // time goes: the event's unit of work, the rules, each send ...
                    .containsPattern(routeTimer("act-on-knit-event", 1))
                    .containsPattern(routeTimer("apply-assessment-rules", 1))
                    .containsPattern(routeTimer("send-dispatch", 3))
                    .containsPattern(routeTimer("receive-knit-event", 3))
                    // ... not on the steps inside them (METRICS_ROUTE_TIMERS_EXCLUDE)
                    .doesNotContainPattern("routeId=\"update-candidate\"")
                    .doesNotContainPattern("routeId=\"send-claimed-dispatch\"");
            // The connection pools' own meters (HikariCP's): on SQLite the readers' pool and the writer's connection,
            // each used by now; whether work waits for a connection is the pending gauge.
            assertThat(metrics)
                    .contains("hikaricp_connections_pending{pool=\"candidate-router\"}")
                    .contains("hikaricp_connections_max{pool=\"candidate-router-writer\"} 1.0")
                    .containsPattern("hikaricp_connections_acquire_seconds_count\\{pool=\"candidate-router\"\\} [1-9]")
                    .containsPattern("hikaricp_connections_usage_seconds_count\\{pool=\"candidate-router-writer\"\\} [1-9]");
        }
    }

    @Test
    void anEmptyExclusionTimesEveryRoute() throws Exception {
        assertThat(metricsAfterOneCandidate("metrics.route-timers-exclude", " ", "c-all-timers"))
                .containsPattern(routeTimer("update-candidate", 1))
                .containsPattern(routeTimer("send-claimed-dispatch", 3));
    }

    /** A route renamed without its entry in the default exclusion would be timed again, silently: each must exist. */
    @Test
    void everyRouteTheDefaultExclusionNamesExists() throws Exception {
        Matcher setting = Pattern
                .compile("(?m)^metrics\\.route-timers-exclude = \\{\\{env:METRICS_ROUTE_TIMERS_EXCLUDE:([^}]*)}}$")
                .matcher(Files.readString(Path.of("src/main/resources/application.properties")));
        assertThat(setting.find()).as("the default exclusion in application.properties").isTrue();
        Set<String> routeIds = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Matcher id = Pattern.compile("(?m)^ {4}id: ([a-z0-9-]+)$|routeId: ([a-z0-9-]+)$")
                        .matcher(Files.readString(file));
                while (id.find()) {
                    routeIds.add(id.group(1) != null ? id.group(1) : id.group(2));
                }
            }
        }
        assertThat(setting.group(1).split(",")).hasSizeGreaterThan(10)
                .allSatisfy(route -> assertThat(routeIds).contains(route));
    }

    /** The line of camel_route_policy_seconds_count for the route, with its count. */
    private static String routeTimer(String routeId, int count) {
        return "(?m)^camel_route_policy_seconds_count\\{[^}]*routeId=\"" + routeId + "\"[^}]*} " + count + "(\\.0)?$";
    }

    @Test
    void routeTimersCanBeTurnedOffKeepingOurMetrics() throws Exception {
        assertThat(metricsAfterOneCandidate("metrics.route-timers", "false", "c-no-timers"))
                .contains("candidate_router_decisions_total{assessment=\"systems-advanced\"} 1.0")
                .contains("candidate_router_dispatches{channel=\"email\",status=\"sent\"} 1.0")
                .doesNotContain("camel_route_policy");
    }

    /** /observe/metrics of an app started with one setting changed, once a candidate's three sends are done. */
    private String metricsAfterOneCandidate(String setting, String value, String candidateId) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(RunningApp.defaults(home));
        settings.put(setting, value);
        try (RunningApp app = RunningApp.start(home, settings)) {
            byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), candidateId, "Rust", "Expert",
                    "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status = 'sent'") == 3);
            return app.management("/observe/metrics").body();
        }
    }

    @Test
    void healthReportsReadinessOfDatabaseRulesAndKnitSync() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            JsonNode health = new ObjectMapper().readTree(app.management("/observe/health").body());
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(health.path("checks").findValuesAsText("name")).contains("database", "rules-assessment-routing", "knit-sync");
            JsonNode withData = new ObjectMapper().readTree(app.management("/observe/health?data=true").body());
            assertThat(withData.toString()).contains("inboxBacklog");
            JsonNode rules = null;
            for (JsonNode check : withData.path("checks")) {
                rules = check.path("name").asText().equals("rules-assessment-routing") ? check.path("data") : rules;
            }
            assertThat(rules).as("the rule set's own check, with its data").isNotNull();
            assertThat(rules.path("version").asText()).isNotBlank();
            assertThat(rules.path("rulesDir").asText()).isEqualTo("rules");
        }
    }

    @Test
    void publicPortAnswersStatusOnlyHealthAndNoManagementData() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            for (String path : new String[] {"/observe/health", "/observe/health?data=true"}) {
                HttpResponse<String> health = app.get(path);
                assertThat(health.statusCode()).as(path).isEqualTo(200);
                assertThat(health.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
            }
            for (String path : new String[] {"/observe/info", "/observe/metrics", "/observe/health/ready"}) {
                HttpResponse<String> answer = app.get(path);
                assertThat(answer.statusCode()).as(path).isEqualTo(404);
                assertThat(answer.body()).as(path).doesNotContain("java").doesNotContain("candidate_router_");
            }

            assertThat(app.management("/observe/info").body()).contains("\"pid\"");
            assertThat(app.management("/observe/metrics").body()).contains("candidate_router_inbox_backlog");
            assertThat(app.management("/observe/health?data=true").body()).contains("\"checks\"").contains("inboxBacklog");
        }
    }

    @Test
    void managementPortListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces().filter(ObservabilityTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            try (Socket webhookPort = new Socket(external.get(), app.port())) {
                assertThat(webhookPort.isConnected()).isTrue();
            }
            assertThat(app.management("/observe/info").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> new Socket(external.get(), app.managementPort()).close())
                    .as("management port on %s", external.get()).isInstanceOf(ConnectException.class);
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    @Test
    void publicHealthAnswers503WithoutDetailsWhenACheckIsDown() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            app.context().getRouteController().stopRoute("send-due-emails");
            await().atMost(Duration.ofSeconds(10)).until(() -> app.get("/observe/health").statusCode() == 503);
            assertThat(app.get("/observe/health").body()).isEqualTo("{\"status\":\"DOWN\"}");
            assertThat(app.management("/observe/health").body()).contains("send-due-emails");
        }
    }

    @Test
    void managementPortMustDifferFromTheWebhookPort() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(RunningApp.defaults(home));
        settings.put("management.port", "18099");
        settings.put("server.port", "18099");
        assertThatThrownBy(() -> RunningApp.start(home, settings).close())
                .hasStackTraceContaining("MANAGEMENT_PORT must differ from SERVER_PORT");
    }
}
