package dev.candidaterouter.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.Postgres;
import dev.candidaterouter.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away while events arrive and are processed, then comes back. The application reaches the
 * database through a {@link TcpProxy}, so the test can reset its connections and refuse new ones.
 */
@Tag("faults")
@ExtendWith(ScenarioReport.class)
class DatabaseOutageFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void whileTheDatabaseIsAwayEventsGet503AndAfterItReturnsEveryCandidateIsDecidedAndInvitedOnce() throws Exception {
        String schemaUrl = Postgres.freshSchemaUrl();
        try (TcpProxy proxy = new TcpProxy(Postgres.host(), Postgres.port())) {
            Map<String, String> settings = RunningApp.defaults(home);
            settings.put("db.url", Postgres.throughPort(schemaUrl, proxy.port()));
            settings.put("db.user", Postgres.USER);
            settings.put("db.password", Postgres.PASSWORD);
            // Rows claimed when the connection dropped are taken over after the claim timeout (default 300 s).
            settings.put("processing.claim-timeout-seconds", "15");
            try (RunningApp app = RunningApp.start(home, settings); Webhook knit = new Webhook(app.port())) {
                // Knit delivers 600 events; the database goes away while they arrive and are processed.
                List<String> before = candidates(0, 600);
                java.util.concurrent.CompletableFuture<List<Integer>> delivery =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> knit.postAll(before));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                        app.jdbc().count("SELECT COUNT(*) FROM decision") >= 100);
                long inFlight = app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')");
                proxy.cut();
                List<Integer> firstAnswers = delivery.join();
                assertThat(firstAnswers).allMatch(s -> s == 200 || s == 503);

                List<String> during = candidates(600, 640);
                assertThat(knit.postAll(during)).as("answers while the database is away").containsOnly(503);
                assertThat(databaseCheck(app)).isEqualTo("DOWN");
                System.out.printf("database-outage: cut with %d stored events waiting or in processing; %d of the first 600 "
                        + "deliveries answered 503%n", inFlight, firstAnswers.stream().filter(s -> s == 503).count());

                proxy.restore();
                await().atMost(Duration.ofSeconds(30)).until(() -> databaseCheck(app).equals("UP"));
                // Nothing of the refused events was written.
                List<String> refusedBodies = new ArrayList<>(during);
                for (int i = 0; i < before.size(); i++) {
                    if (firstAnswers.get(i) == 503) {
                        refusedBodies.add(before.get(i));
                    }
                }
                for (String body : refusedBodies) {
                    assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE event_id = ?", eventId(body))).isZero();
                }
                // Knit delivers the refused events again (and redelivers the accepted ones: acknowledged, not stored twice).
                assertThat(knit.postAll(during)).containsOnly(200);
                assertThat(knit.postAll(before)).containsOnly(200);

                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                        app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                                && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0
                                && app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision") == 640);

                long decided = app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision");
                long decisions = app.jdbc().count("SELECT COUNT(*) FROM decision");
                long invited = app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'");
                long duplicates = Outbox.duplicateInvitations(home.resolve("outbox"));
                ScenarioReport.record("database-outage", knit.sent(), invited, duplicates, 640 - decided);

                assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event")).isEqualTo(640);
                assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status <> 'processed'")).isZero();
                assertThat(decisions).as("one decision per event, none twice").isEqualTo(640);
                assertThat(invited).isEqualTo(640);
                assertThat(Outbox.invitations(home.resolve("outbox"))).hasSize(640);
                assertThat(duplicates).isZero();
            }
        }
    }

    /**
     * A network partition: the connections stay open but no byte gets through, so nothing fails fast. Webhook
     * calls must not be acknowledged (503 or no answer, and Knit retries either way); after the partition heals,
     * everything flows once.
     */
    @Test
    void duringANetworkPartitionNoEventIsAcknowledgedAndAfterItHealsEveryCandidateIsDecidedAndInvitedOnce() throws Exception {
        String schemaUrl = Postgres.freshSchemaUrl();
        try (TcpProxy proxy = new TcpProxy(Postgres.host(), Postgres.port())) {
            Map<String, String> settings = RunningApp.defaults(home);
            settings.put("db.url", Postgres.throughPort(schemaUrl, proxy.port()));
            settings.put("db.user", Postgres.USER);
            settings.put("db.password", Postgres.PASSWORD);
            settings.put("processing.claim-timeout-seconds", "15");
            try (RunningApp app = RunningApp.start(home, settings); Webhook knit = new Webhook(app.port(), Duration.ofSeconds(15))) {
                List<String> before = candidates("part-", 0, 200);
                assertThat(knit.postAll(before)).containsOnly(200);

                proxy.pause();
                List<String> during = candidates("part-", 200, 232);
                List<Integer> answers = knit.postAll(during);
                long refused = answers.stream().filter(s -> s == 503).count();
                long unanswered = answers.stream().filter(s -> s == Webhook.NO_ANSWER).count();
                System.out.printf("database-partition: of %d deliveries during the partition %d answered 503, %d got no answer "
                        + "within 15 s%n", during.size(), refused, unanswered);
                assertThat(answers).as("answers during the partition").allMatch(s -> s == 503 || s == Webhook.NO_ANSWER);

                proxy.restore();
                // Knit delivers everything not acknowledged again, and redelivers the rest.
                await().atMost(Duration.ofMinutes(1)).until(() -> databaseCheck(app).equals("UP"));
                assertThat(knit.postAll(during)).containsOnly(200);
                assertThat(knit.postAll(before)).containsOnly(200);

                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                        app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                                && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0
                                && app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision") == 232);
                long invited = app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'");
                long duplicates = Outbox.duplicateInvitations(home.resolve("outbox"));
                long decided = app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM decision");
                ScenarioReport.record("database-partition", knit.sent(), invited, duplicates, 232 - decided);

                assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status <> 'processed'")).isZero();
                assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).as("one decision per event").isEqualTo(232);
                assertThat(invited).isEqualTo(232);
                assertThat(duplicates).isZero();
            }
        }
    }

    private static List<String> candidates(int from, int to) {
        return candidates("db-", from, to);
    }

    private static List<String> candidates(String prefix, int from, int to) {
        List<String> bodies = new ArrayList<>();
        for (int i = from; i < to; i++) {
            bodies.add(Webhook.newCandidate(prefix + i));
        }
        return bodies;
    }

    private static String eventId(String body) throws Exception {
        return JSON.readTree(body).path("eventId").asText();
    }

    private static String databaseCheck(RunningApp app) throws Exception {
        for (JsonNode check : JSON.readTree(app.management("/observe/health").body()).path("checks")) {
            if (check.path("name").asText().equals("database")) {
                return check.path("status").asText();
            }
        }
        throw new AssertionError("no database check in /observe/health");
    }
}
