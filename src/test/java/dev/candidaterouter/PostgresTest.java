package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same application on PostgreSQL: the whole path, and several instances sharing one database. */
class PostgresTest {
    @TempDir
    Path home;

    private Map<String, String> onPostgres(Path instanceHome, String url) {
        Map<String, String> s = RunningApp.defaults(instanceHome);
        s.put("db.url", url);
        s.put("db.user", Postgres.USER);
        s.put("db.password", Postgres.PASSWORD);
        return s;
    }

    /** The consent table's statements (conditional updates, booleans, retention) as PostgreSQL runs them. */
    @Test
    void smsConsentRunsOnPostgres() throws Exception {
        Map<String, String> s = onPostgres(home, Postgres.freshSchemaUrl());
        dev.candidaterouter.consent.TwilioInbound.configure(s);
        try (RunningApp app = RunningApp.start(home, s)) {
            String phone = "+46701234567";
            for (String[] m : new String[][] {{"SMpg1", "STOP"}, {"SMpg1", "STOP"}, {"SMpg2", "hello"}}) {
                assertThat(dev.candidaterouter.consent.TwilioInbound.post(app,
                        dev.candidaterouter.consent.TwilioInbound.message(m[0], phone, m[1])).statusCode()).isEqualTo(200);
            }
            assertThat(dev.candidaterouter.consent.TwilioInbound.row(app, phone).orElseThrow())
                    .startsWith("true", "STOP", "OTHER", "SMpg2");
            assertThat(dev.candidaterouter.consent.TwilioInbound.post(app,
                    dev.candidaterouter.consent.TwilioInbound.message("SMpg3", phone, "START")).statusCode()).isEqualTo(200);
            dev.candidaterouter.consent.ConsentRepository consent = app.context().getRegistry()
                    .lookupByNameAndType("smsConsent", dev.candidaterouter.consent.ConsentRepository.class);
            assertThat(consent.isOptedOut(phone)).isFalse();
            consent.optOutAfterRefusedSend(phone);
            consent.optOutAfterRefusedSend("+46701234568");
            assertThat(consent.isOptedOut(phone)).isTrue();
            assertThat(consent.isOptedOut("+46701234568")).isTrue();
            assertThat(app.context().getRegistry().lookupByNameAndType("personalData",
                    dev.candidaterouter.candidate.PersonalDataEraser.class).purgeOlderThan(Duration.ZERO)).isZero();
        }
    }

    @Test
    void wholeSandboxPathRunsOnPostgres() throws Exception {
        Map<String, String> s = onPostgres(home, Postgres.freshSchemaUrl());
        s.put("knit.sync-on-start", "true");
        s.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        int samples;
        try (Stream<Path> files = Files.list(Path.of("samples/knit"))) {
            samples = (int) files.filter(p -> p.toString().endsWith(".json")).count();
        }
        try (RunningApp app = RunningApp.start(home, s)) {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'") >= 3
                            && app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision") == samples
                            && app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                            && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status <> 'sent'") == 0);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status <> 'processed'")).isZero();
            // Issue 14: only active applicants in an assessment stage are invited (before: every reachable one, 22).
            assertThat(app.jdbc().query("SELECT candidate_id FROM dispatch WHERE channel = 'ASSESSMENT'", rs -> rs.getString(1)))
                    .containsExactlyInAnyOrderElementsOf(WhoIsInvitedTest.INVITED);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM job_application")).isEqualTo(24);
        }
    }

    /**
     * Two instances on one database, a few thousand events (new, modified, redelivered) sent to either at random
     * and in random order: every event is processed, and nobody is invited twice to one assessment.
     */
    @Test
    void twoInstancesOnOneDatabaseInviteEachCandidateOncePerAssessment() throws Exception {
        String url = Postgres.freshSchemaUrl();
        Random random = new Random(42);
        List<String> bodies = new ArrayList<>();
        String[] skills = {"Java", "Python", "Go", "React", "SQL"};
        for (int i = 0; i < 1000; i++) {
            String id = "pg-" + i;
            String skill = skills[i % skills.length];
            bodies.add(TestEvents.candidate("record.new", TestEvents.newId(), id, skill, "Expert", "2025-01-01T00:00:00Z"));
            if (i % 5 < 3) {
                // A later change; for some candidates it leads to another assessment.
                String changed = i % 2 == 0 ? skills[(i + 1) % skills.length] : skill;
                bodies.add(TestEvents.candidate("record.modified", TestEvents.newId(), id, changed, "Expert", "2025-06-01T00:00:00Z"));
            }
        }
        int distinct = bodies.size();
        for (int i = 0; i < 400; i++) {
            bodies.add(bodies.get(random.nextInt(distinct))); // Knit's redeliveries: same eventId, same bytes
        }
        Collections.shuffle(bodies, random);

        Path homeA = Files.createDirectories(home.resolve("a"));
        Path homeB = Files.createDirectories(home.resolve("b"));
        try (RunningApp a = RunningApp.start(homeA, onPostgres(homeA, url));
                RunningApp b = RunningApp.start(homeB, onPostgres(homeB, url))) {
            HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(8)).build();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (String body : bodies) {
                RunningApp target = random.nextBoolean() ? a : b;
                byte[] raw = bytes(body);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + "/webhooks/knit"))
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(raw));
                signedHeaders(raw).forEach(request::header);
                answers.add(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
                if (answers.size() % 64 == 0) {
                    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
                }
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
            assertThat(answers).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() ->
                    a.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                            && a.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);

            assertThat(a.jdbc().count("SELECT COUNT(*) FROM inbox_event")).isEqualTo(distinct);
            assertThat(a.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status NOT IN ('processed', 'ignored')")).isZero();
            // Both instances did part of the work.
            assertThat(processedBy(a)).as("events processed by instance A").isPositive();
            assertThat(processedBy(b)).as("events processed by instance B").isPositive();
            assertThat(a.jdbc().query("SELECT DISTINCT claimed_by FROM dispatch WHERE claimed_by IS NOT NULL", rs -> rs.getString(1)))
                    .as("claims are cleared once sent").isEmpty();
            long invited = a.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'");
            long decidedPairs = a.jdbc().count("SELECT COUNT(*) FROM (SELECT DISTINCT candidate_id, assessment_id FROM decision) d");
            assertThat(invited).isEqualTo(decidedPairs);
            assertThat(a.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision")).isEqualTo(1000);

            // What reached the (outbox) assessment platform: one invitation file per candidate and assessment.
            Map<String, Integer> invitations = new HashMap<>();
            for (Path dir : List.of(homeA.resolve("outbox/assessment"), homeB.resolve("outbox/assessment"))) {
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.forEach(f -> invitations.merge(invitationKey(f), 1, Integer::sum));
                    }
                }
            }
            assertThat(invitations).hasSize((int) invited);
            assertThat(invitations.values()).containsOnly(1);
            System.out.printf("two instances: %d events (%d distinct), %d invitations, instance A processed %d, B %d%n",
                    bodies.size(), distinct, invited, processedBy(a), processedBy(b));
        }
    }

    private static String invitationKey(Path file) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            return n.path("candidateId").asText() + "/" + n.path("assessmentId").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long processedBy(RunningApp app) {
        return app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE claimed_by LIKE ?",
                app.context().getRegistry().lookupByName("instanceId") + "%");
    }
}
