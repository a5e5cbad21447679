package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on embedded defaults: start-up calls sync.start on the Knit sandbox over HTTP, the sandbox posts
 * signed events built from samples/knit/, and every candidate ends with one decision and its outbox messages.
 */
class SandboxEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    record Send(String key, String channel, String candidateId, String assessmentId, String status, String testUrl) {
    }

    @Test
    void everySampleCandidateIsDecidedAndWrittenToTheOutboxOnceAcrossRestarts() throws Exception {
        int samples = sampleCount();
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        settings.put("knit.sync-on-start", "true");

        List<Send> firstRun;
        try (RunningApp app = RunningApp.start(home, settings)) {
            awaitSyncFinished(app, 1, samples);
            assertThat(app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision")).isEqualTo(samples);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status <> 'processed'")).isZero();
            firstRun = sends(app);
            assertOutboxMatches(firstRun);
            assertThat(firstRun).extracting(Send::status).containsOnly("sent");
            // Unreachable candidates get a decision but no send.
            List<String> unreachable = app.jdbc().query("SELECT DISTINCT candidate_id FROM decision WHERE unreachable", rs -> rs.getString(1));
            assertThat(firstRun).noneMatch(s -> unreachable.contains(s.candidateId()));
            // Issue 14: exactly the candidates with an ACTIVE application in an assessment stage are invited, each once
            // (before, every reachable candidate was: 22 of the 24 samples).
            assertThat(firstRun.stream().filter(s -> s.channel().equals("ASSESSMENT")).map(Send::candidateId))
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(WhoIsInvitedTest.INVITED);
        }
        long outboxFiles = outboxFileCount();

        // A second run syncs again (new event ids, same candidates): decisions are made again, nothing is re-sent.
        try (RunningApp app = RunningApp.start(home, settings)) {
            awaitSyncFinished(app, 2, samples);
            assertThat(sends(app)).containsExactlyInAnyOrderElementsOf(firstRun);
        }
        assertThat(outboxFileCount()).isEqualTo(outboxFiles);
    }

    @Test
    void logsOfAFullRunShowNoContactDataAndNoSecrets() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        settings.put("knit.sync-on-start", "true");
        settings.put("db.password", "db-secret-password");
        settings.put("twilio.auth-token", "twilio-secret-token");
        String logs;
        try (CapturedLogs captured = CapturedLogs.capture(); RunningApp app = RunningApp.start(home, settings)) {
            awaitSyncFinished(app, 1, sampleCount());
            logs = captured.text();
        }
        assertThat(logs).contains("candidate cand_0001").contains("-> backend-jvm-advanced");
        List<String> personal = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("samples/knit"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode info = JSON.readTree(f.toFile()).path("info");
                info.path("emails").forEach(e -> personal.add(e.path("email").asText()));
                info.path("phones").forEach(p -> personal.add(p.path("phoneNumber").asText().replaceAll("[^0-9]", "")));
                personal.add(info.path("firstName").asText() + " " + info.path("lastName").asText());
            }
        }
        personal.removeIf(s -> s.isBlank() || s.length() < 6);
        assertThat(personal).hasSizeGreaterThan(40);
        String digitsOnly = logs.replaceAll("[^0-9\\n]", "");
        for (String value : personal) {
            if (value.chars().allMatch(Character::isDigit)) {
                assertThat(digitsOnly).as("a phone number in the logs").doesNotContain(value);
            } else {
                assertThat(logs).as("contact data in the logs").doesNotContain(value);
            }
        }
        assertThat(logs).doesNotContain("db-secret-password").doesNotContain("twilio-secret-token")
                .doesNotContain(TestEvents.API_KEY);
    }

    @Test
    void theProfileTheRulesSawIsStoredWithEachDecision() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        settings.put("knit.sync-on-start", "true");
        try (RunningApp app = RunningApp.start(home, settings)) {
            awaitSyncFinished(app, 1, sampleCount());
            JsonNode profile = JSON.readTree(app.jdbc().queryOne(
                    "SELECT profile_json FROM decision WHERE candidate_id = 'cand_0013'", rs -> rs.getString(1)).orElseThrow());
            assertThat(profile.path("skills").get(0).path("name").asText()).isNotBlank();
            assertThat(profile.path("yearsOfExperience").isNumber()).isTrue();
            // Lucía's job with the unreadable start date is named among the data issues the analyst can see.
            assertThat(profile.path("dataIssues").toString()).contains("startDate");
            String fired = app.jdbc().queryOne("SELECT fired_rules FROM decision WHERE candidate_id = 'cand_0013'",
                    rs -> rs.getString(1)).orElseThrow();
            assertThat(fired).contains("The assessment is the track at the level");
        }
    }

    @Test
    void duplicateAndShuffledDeliveriesProcessEveryCandidateExactlyOnce() throws Exception {
        Map<String, String> settings = duplicatedSync();
        settings.put("knit.sandbox.shuffle", "true");
        try (RunningApp app = RunningApp.start(home, settings)) {
            assertEveryCandidateDecidedAndInvitedOnce(app);
        }
    }

    /**
     * Events arriving eight at a time, out of order and twice, processed by four inbox workers at once: still one
     * decision per event, one invitation per candidate, and the outbox agrees with the table.
     */
    @Test
    void concurrentDeliveriesAndInboxWorkersProcessEveryCandidateExactlyOnce() throws Exception {
        Map<String, String> settings = duplicatedSync();
        settings.put("knit.sandbox.delivery-concurrency", "8");
        settings.put("inbox.workers", "4");
        try (RunningApp app = RunningApp.start(home, settings)) {
            assertThat(app.context().getExecutorServiceManager().getThreadPoolProfile("inboxWorkers").getMaxPoolSize())
                    .as("the inbox's split runs on INBOX_WORKERS threads").isEqualTo(4);
            assertEveryCandidateDecidedAndInvitedOnce(app);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status NOT IN ('processed', 'ignored')"))
                    .as("no event failed or was quarantined").isZero();
        }
    }

    /** A sync of every data type on start, each event delivered twice. */
    private Map<String, String> duplicatedSync() {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        settings.put("knit.sync-on-start", "true");
        settings.put("knit.sandbox.duplicates", "true");
        return settings;
    }

    /**
     * Once the sync is done: one decision per event that decided a candidate (their record, or a change to one of
     * their applications) however often it was delivered, every sample candidate decided, one invitation each, and
     * every send's payload in the outbox.
     */
    private void assertEveryCandidateDecidedAndInvitedOnce(RunningApp app) throws IOException {
        int samples = sampleCount();
        awaitSyncFinished(app, 1, samples);
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision"))
                .isEqualTo(app.jdbc().count("SELECT COUNT(DISTINCT event_id) FROM decision"));
        assertThat(app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision")).isEqualTo(samples);
        List<Send> sends = sends(app);
        assertThat(sends.stream().filter(s -> s.channel().equals("ASSESSMENT")).map(Send::candidateId)).doesNotHaveDuplicates();
        assertOutboxMatches(sends);
    }

    /** Data types synced by default (KNIT_DATA_TYPES): each sync is one run per data type. */
    private static final int DATA_TYPES = 3;

    /** Waits until the sandbox's runs ended (sync.events.processed stored) and nothing is left to process or send. */
    private static void awaitSyncFinished(RunningApp app, int runs, int samples) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'") >= (long) runs * DATA_TYPES
                        && app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                        && app.jdbc().count("SELECT COUNT(*) FROM decision") >= (long) samples * runs
                        && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);
    }

    private static List<Send> sends(RunningApp app) {
        return app.jdbc().query("SELECT dispatch_key, channel, candidate_id, assessment_id, status, test_url FROM dispatch",
                rs -> new Send(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)));
    }

    /** Each sent row has its payload in OUTBOX_DIR/<channel>/<key>.json, and the payload is the right one. */
    private void assertOutboxMatches(List<Send> sends) throws IOException {
        for (Send s : sends) {
            Path file = home.resolve("outbox").resolve(s.channel().toLowerCase()).resolve(s.key() + ".json");
            assertThat(file).as("outbox payload of %s", s).exists();
            JsonNode payload = JSON.readTree(file.toFile());
            String testUrl = sends.stream().filter(o -> o.candidateId().equals(s.candidateId())
                    && o.assessmentId().equals(s.assessmentId()) && o.channel().equals("ASSESSMENT")).findFirst()
                    .orElseThrow().testUrl();
            switch (s.channel()) {
                case "ASSESSMENT" -> {
                    assertThat(payload.path("candidateId").asText()).isEqualTo(s.candidateId());
                    assertThat(payload.path("assessmentId").asText()).isEqualTo(s.assessmentId());
                    assertThat(payload.path("reasons")).isNotEmpty();
                }
                case "EMAIL" -> {
                    assertThat(payload.path("to").asText()).contains("@");
                    assertThat(payload.path("text").asText()).contains(testUrl);
                    assertThat(payload.path("html").asText()).contains(testUrl);
                }
                case "SMS" -> {
                    assertThat(payload.path("To").asText()).matches("\\+[1-9]\\d{7,14}");
                    assertThat(payload.path("Body").asText()).contains(testUrl);
                }
                default -> throw new AssertionError("unknown channel " + s.channel());
            }
        }
    }

    private long outboxFileCount() throws IOException {
        try (Stream<Path> files = Files.walk(home.resolve("outbox"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static int sampleCount() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples/knit"))) {
            return (int) files.filter(p -> p.toString().endsWith(".json")).count();
        }
    }
}
