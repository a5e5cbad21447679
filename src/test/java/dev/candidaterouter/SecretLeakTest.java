package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No secret reaches the log, in any format, however it is given: the real process is started with every secret
 * set to its own marker value (as variables, or as {@code NAME_FILE} files), in live dispatch mode so that every
 * secret is read and used, runs a sandbox sync whose sends fail (and are logged), answers a few HTTP calls, and
 * then its whole output and those answers are searched for the markers.
 */
class SecretLeakTest {
    /** Every secret the process reads, each with a value found nowhere else. */
    private static final Map<String, String> SECRETS = Map.of(
            "KNIT_API_KEY", "mk1-knit-api-key-9f2c",
            "KNIT_SANDBOX_API_KEY", "mk2-knit-sandbox-key-41d7",
            "DB_PASSWORD", "mk3-db-password-77aa",
            "SMTP_PASSWORD", "mk4-smtp-password-c0de",
            "TWILIO_AUTH_TOKEN", "mk5-twilio-token-5eed",
            "ASSESSMENT_API_TOKEN", "mk6-assessment-token-b00c",
            "ADMIN_TOKEN", "mk7-admin-token-d1ce",
            "RULES_TOKEN", "mk8-rules-token-a11e",
            "CONSOLE_TOKEN", "mk9-console-token-c0e5",
            "ASSESSMENT_WEBHOOK_SECRET", "mk10-results-webhook-secret-3a9b");

    @TempDir
    Path home;

    private WireMockServer busyPlatform;

    @BeforeEach
    void startPlatform() {
        busyPlatform = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        busyPlatform.start();
    }

    @AfterEach
    void stopPlatform() {
        busyPlatform.stop();
    }

    @ParameterizedTest(name = "secrets as {0}, LOG_FORMAT={1}")
    @CsvSource({"variables, plain", "variables, json", "files, plain", "files, json"})
    void noSecretAppearsInTheLogOrInAnyAnswer(String given, String logFormat) throws Exception {
        int port = RunningApp.freePort();
        int managementPort = RunningApp.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOG_FORMAT", logFormat);
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("DB_URL", TestDatabases.embeddedUrl(home));
        env.put("ATTACHMENTS_DIR", home.resolve("attachments").toString());
        env.put("KNIT_MODE", "sandbox"); // reads KNIT_API_KEY and KNIT_SANDBOX_API_KEY; the sandbox syncs at start
        env.put("KNIT_SANDBOX_ALLOW_LIVE_DISPATCH", "true");
        env.put("DISPATCH_MODE", "live");
        // Every invitation fails and is logged, to be retried: the platform is busy (a port closed on purpose could be
        // taken by another process's server meanwhile, and answer something else).
        busyPlatform.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.serviceUnavailable()));
        env.put("ASSESSMENT_API_URL", busyPlatform.baseUrl() + "/api");
        env.put("DISPATCH_INITIAL_BACKOFF_MS", "200");
        env.put("TWILIO_ACCOUNT_SID", "AC0000");
        env.put("SMTP_USER", "mailer");
        SECRETS.forEach((name, value) -> {
            if (given.equals("variables")) {
                env.put(name, value);
            } else {
                Path file = home.resolve(name.toLowerCase());
                write(file, value + "\n");
                env.put(name + "_FILE", file.toString());
            }
        });

        StringBuilder answers = new StringBuilder();
        try (ChildJvm app = ChildJvm.start(env, home.resolve("app.log"))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(app.isAlive()).as("process alive; output:\n%s", app.output()).isTrue();
                assertThat(app.output()).contains("ASSESSMENT to candidate").contains("will be retried");
            });
            for (String path : new String[] {"/observe/health?data=true", "/observe/info", "/observe/metrics"}) {
                answers.append(get(managementPort, path, SECRETS.get("ADMIN_TOKEN")));
            }
            for (String path : new String[] {"/admin/rules", "/admin/dead-letters"}) {
                answers.append(get(port, path, SECRETS.get("ADMIN_TOKEN")));
            }
            answers.append(evaluate(port, SECRETS.get("RULES_TOKEN")));
            answers.append(get(port, "/admin/overview", SECRETS.get("CONSOLE_TOKEN")));
            String log = app.output();
            SECRETS.forEach((name, value) -> {
                assertThat(log).as("log contains the value of %s", name).doesNotContain(value);
                assertThat(answers).as("HTTP answers contain the value of %s", name).doesNotContain(value);
            });
            assertThat(answers).contains("\"rules\""); // the admin token worked: the token was read and used
            assertThat(answers).contains("\"firedRules\""); // so did the analysts' token
            assertThat(answers).contains("\"sends\""); // and the console's
        }
    }

    private static String get(int port, String path, String adminToken) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static String evaluate(int port, String rulesToken) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rules/evaluate"))
                .header("Authorization", "Bearer " + rulesToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"profile\": {\"skills\": [{\"name\": \"Java\", \"proficiency\": \"Expert\"}]}}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
