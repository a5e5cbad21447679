package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.store.Database;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A wrong setting ends the process: non-zero exit within seconds, one line naming the setting, no stack trace —
 * not a JVM that lives on with the Knit sandbox holding its port while a supervisor sees a running service.
 */
class ConfigurationErrorExitTest {
    /** Generous for a loaded 2-core machine; a healthy start is not over by then, it runs on. */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "DISPATCH_MODE            | liev    | DISPATCH_MODE must be outbox or live, was 'liev'",
            "DISPATCH_MODE            | live    | DISPATCH_MODE=live with the embedded Knit sandbox",
            // Empty is not the default: the routes would see '' (not outbox) and send for real.
            "DISPATCH_MODE            | ''      | DISPATCH_MODE (setting dispatch.mode) is set but empty: unset it for the default (outbox)",
            "INBOX_MAX_ATTEMPTS       | many    | INBOX_MAX_ATTEMPTS (setting inbox.max-attempts) must be a whole number, was 'many'",
            "KNIT_SANDBOX_DUPLICATES  | yes     | KNIT_SANDBOX_DUPLICATES (setting knit.sandbox.duplicates) must be true or false, was 'yes'",
            "KNIT_MODE                | staging | KNIT_MODE must be live or sandbox, was 'staging'",
            "DB_PASSWORD_FILE         | /nonexistent/db-password | cannot read DB_PASSWORD_FILE (/nonexistent/db-password)",
            "SERVER_PORT              | 80x0    | SERVER_PORT (setting server.port) must be a whole number, was '80x0'",
            // Read only by routes and Camel's components: checked at start-up all the same.
            "INBOX_POLL_INTERVAL_MS   | 1s      | INBOX_POLL_INTERVAL_MS (setting inbox.poll-interval-ms) must be a whole number, was '1s'",
            "HTTP_CONNECT_TIMEOUT_MS  | ten     | HTTP_CONNECT_TIMEOUT_MS (setting http.connect-timeout-ms) must be a whole number, was 'ten'",
            "KNIT_SYNC_ON_START       | yes     | KNIT_SYNC_ON_START (setting knit.sync-on-start) must be true or false, was 'yes'",
            "SMTP_PROTOCOL            | smtpx   | SMTP_PROTOCOL (setting smtp.protocol) must be smtp or smtps, was 'smtpx'",
            "KNIT_SYNC_TYPE           | full    | KNIT_SYNC_TYPE (setting knit.sync-type) must be initial_sync or delta_sync, was 'full'",
            "LOG_FORMAT               | jsn     | LOG_FORMAT must be plain or json, was 'jsn'",
            // The message gives the length, never the value.
            "ADMIN_TOKEN              | letmein | ADMIN_TOKEN (setting admin.token) must be at least 16 characters long, was 7",
            "RULES_TOKEN              | analyst-2026 | RULES_TOKEN (setting rules.token) must be at least 16 characters long, was 12",
            "CONSOLE_TOKEN            | console-2026 | CONSOLE_TOKEN (setting console.token) must be at least 16 characters long, was 12",
            "RULES_EVALUATE_MAX_BODY_BYTES | 0 | RULES_EVALUATE_MAX_BODY_BYTES (setting rules.evaluate-max-body-bytes) must be above zero, was 0",
            "SMS_RATE                 | 0       | SMS_RATE (setting sms.rate) must be above zero, was 0",
            "ASSESSMENT_API_RATE      | -1      | ASSESSMENT_API_RATE (setting assessment.api-rate) must be above zero, was -1",
            "REMINDER_AFTER           | 3 days  | REMINDER_AFTER (setting invitation.reminder-after) must be an ISO-8601 duration such as P3D or PT12H, was '3 days'",
            "INVITATION_EXPIRES_AFTER | PT0S    | INVITATION_EXPIRES_AFTER (setting invitation.expires-after) must be above zero, was PT0S",
            "HTTP_REQUEST_READ_TIMEOUT_SECONDS | 0 | HTTP_IDLE_TIMEOUT_SECONDS and HTTP_REQUEST_READ_TIMEOUT_SECONDS must be positive",
            // Folders the configuration names: a process started from the wrong folder must not come up healthy.
            "TEMPLATES_DIR            | /nonexistent/templates | TEMPLATES_DIR (setting templates.dir): no folder at /nonexistent/templates",
            "RULES_DIR                | /nonexistent/rules     | RULES_DIR (setting rules.dir): no folder at /nonexistent/rules",
            "RULES_DIR                | file:/nonexistent/rules | RULES_DIR (setting rules.dir): no folder at /nonexistent/rules",
            "RULES_DIR                | classpath:nowhere/rules | rules in classpath:nowhere/rules: rules folder not found on the classpath",
            "RULES_RESULTS_DIR        | /nonexistent/results   | RULES_RESULTS_DIR (setting rules.results-dir): no folder at /nonexistent/results",
            "RULES_SHADOW_DIR         | /nonexistent/shadow    | RULES_SHADOW_DIR (setting rules.shadow-dir): no folder at /nonexistent/shadow",
            "RULES_SHADOW_DIR         | rules\"v2              | RULES_SHADOW_DIR (setting rules.shadow-dir) must not contain a double quote",
            "ATS_NOTES                | sandbox-integration=lever | ATS_NOTES: no note adapter for ATS 'lever' (adapters: greenhouse)",
            "ATS_NOTES                | greenhouse | ATS_NOTES: 'greenhouse' is not integrationId=ats",
            "ATS_NOTES                | sandbox-integration=greenhouse | GREENHOUSE_NOTE_USER_ID: ATS_NOTES enables Greenhouse notes",
            "KNIT_SANDBOX_SAMPLES     | /nonexistent/samples   | KNIT_SANDBOX_SAMPLES (setting knit.sandbox.samples-dir): no folder at /nonexistent/samples",
            "ROUTES_DIR               | /nonexistent/routes    | no routes folder at /nonexistent/routes -- run from the project folder"})
    void aWrongSettingEndsTheProcessWithOneLineNamingIt(String variable, String value, String expected) throws Exception {
        Map<String, String> env = env();
        env.put(variable, value);
        assertEndsWithOneLine(env, expected);
    }

    @Test
    void aTwilioWebhookUrlThatIsNotAnAbsoluteUrlEndsTheProcess() throws Exception {
        Map<String, String> env = env();
        env.put("TWILIO_AUTH_TOKEN", "token");
        env.put("TWILIO_WEBHOOK_URL", "router.example.com/webhooks/twilio");
        assertEndsWithOneLine(env, "TWILIO_WEBHOOK_URL (setting twilio.webhook-url) must be the absolute http(s) URL Twilio calls");
    }

    @Test
    void aTwilioWebhookUrlWithoutTheAuthTokenEndsTheProcess() throws Exception {
        Map<String, String> env = env();
        env.put("TWILIO_WEBHOOK_URL", "https://router.example.com/webhooks/twilio");
        assertEndsWithOneLine(env, "TWILIO_WEBHOOK_URL is set but TWILIO_AUTH_TOKEN is not");
    }

    @Test
    void aTemplateFileMissingFromTheTemplatesFolderEndsTheProcess() throws Exception {
        Path templates = Files.createDirectories(home.resolve("templates"));
        Files.copy(Path.of("templates/invitation-email.txt"), templates.resolve("invitation-email.txt"));
        Files.copy(Path.of("templates/invitation-email.html"), templates.resolve("invitation-email.html"));
        Files.copy(Path.of("templates/invitation-email.subject"), templates.resolve("invitation-email.subject"));
        Map<String, String> env = env();
        env.put("TEMPLATES_DIR", templates.toString());
        assertEndsWithOneLine(env, "TEMPLATES_DIR (setting templates.dir): no file at " + templates.resolve("invitation-sms.txt"));
    }

    @Test
    void theHackerRankMappingFileMustExistWithThatFlavour() throws Exception {
        Map<String, String> env = env();
        env.put("ASSESSMENT_API_FLAVOR", "hackerrank");
        env.put("ASSESSMENT_TEST_MAPPING", "/nonexistent/assessment-tests.properties");
        assertEndsWithOneLine(env, "ASSESSMENT_TEST_MAPPING (setting assessment.test-mapping): no file at "
                + "/nonexistent/assessment-tests.properties");
    }

    @Test
    void liveDispatchWithoutTheAssessmentApiEndsTheProcess() throws Exception {
        Map<String, String> env = env();
        env.put("DISPATCH_MODE", "live");
        env.put("KNIT_SANDBOX_ALLOW_LIVE_DISPATCH", "true");
        assertEndsWithOneLine(env, "ASSESSMENT_API_URL is not set");
    }

    @Test
    void aPortInUseEndsTheProcess() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> env = env();
            env.put("SERVER_PORT", String.valueOf(taken.getLocalPort()));
            assertEndsWithOneLine(env, "SERVER_PORT (setting server.port): cannot listen on port " + taken.getLocalPort() + " (Address already in use");
        }
    }

    @Test
    void aManagementPortInUseEndsTheProcess() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> env = env();
            env.put("MANAGEMENT_PORT", String.valueOf(taken.getLocalPort()));
            assertEndsWithOneLine(env, "MANAGEMENT_PORT (setting management.port): cannot listen on 127.0.0.1:port " + taken.getLocalPort()
                    + " (Address already in use");
        }
    }

    @Test
    void aManagementHostThisMachineDoesNotHaveEndsTheProcess() throws Exception {
        Map<String, String> env = env();
        env.put("MANAGEMENT_HOST", "192.0.2.1"); // TEST-NET-1: never an address of this machine; only bound, never sent to
        assertEndsWithOneLine(env, "MANAGEMENT_PORT (setting management.port): cannot listen on 192.0.2.1:port");
    }

    @Test
    void theManagementPortMustNotBeTheWebhookPort() throws Exception {
        Map<String, String> env = env();
        env.put("MANAGEMENT_PORT", env.get("SERVER_PORT"));
        assertEndsWithOneLine(env, "MANAGEMENT_PORT must differ from SERVER_PORT");
    }

    /** An H2 file of an earlier version where the SQLite file would be created: not forgotten, and not re-sent. */
    @Test
    void anEarlierVersionsH2FileWhereTheSqliteFileWouldGoEndsTheProcess() throws Exception {
        Path base = home.resolve("db/candidate-router").toAbsolutePath();
        try (Database earlier = Database.open("jdbc:h2:file:" + base, "sa", "", 2)) {
            assertThat(earlier.isReachable()).isTrue();
        }
        Map<String, String> env = env();
        env.put("DB_URL", "jdbc:sqlite:" + base + ".db");
        assertEndsWithOneLine(env, "DB_URL: " + base + ".mv.db holds the data of an earlier version (H2)");
        assertThat(Path.of(base + ".db")).doesNotExist();
    }

    private Map<String, String> env() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(RunningApp.freePort()));
        env.put("DB_URL", TestDatabases.embeddedUrl(home));
        env.put("OUTBOX_DIR", home.resolve("outbox").toString());
        env.put("ATTACHMENTS_DIR", home.resolve("attachments").toString());
        env.put("KNIT_SYNC_ON_START", "false");
        return env;
    }

    private void assertEndsWithOneLine(Map<String, String> env, String expected) throws Exception {
        try (ChildJvm app = ChildJvm.start(env, home.resolve("app.log"))) {
            Integer exit = app.exitCode(LIMIT);
            String output = app.output();
            assertThat(exit).as("exit code within %s; output:\n%s", LIMIT, output).isNotNull().isNotZero();
            assertThat(output.lines().filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("error:"))).as(output)
                    .singleElement().asString().contains("configuration error: " + expected);
            assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by");
        }
    }
}
