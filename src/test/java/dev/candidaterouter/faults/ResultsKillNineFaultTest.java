package dev.candidaterouter.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.results.ResultSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process, killed with SIGKILL twice while an assessment platform (a thread of this test) calls back with
 * the results of every invitation it received (the outbox), and started again each time. The platform delivers at
 * least once: a callback that got no 200 or 202 is sent again, to whichever process answers next; it often calls back
 * before the invitation is marked sent (202, matched later). At the end every invitation has exactly one
 * stored result, every acknowledged callback is stored, and nothing is stored twice.
 */
@Tag("faults")
@ExtendWith(ScenarioReport.class)
class ResultsKillNineFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CANDIDATES = 600;
    private static final String SECRET = "results-kill-nine-secret";

    @TempDir
    Path home;

    @Test
    void killedDuringResultsIntakeNothingIsStoredTwiceAndNothingLost() throws Exception {
        Path samples = generateSamples(home.resolve("samples"));
        Path log = home.resolve("app.log");
        String dbUrl = TestDatabases.sharedEmbeddedUrl(home);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_URL", dbUrl);
        env.put("OUTBOX_DIR", home.resolve("outbox").toString());
        env.put("ATTACHMENTS_DIR", home.resolve("attachments").toString());
        env.put("KNIT_SANDBOX_SAMPLES", samples.toString());
        env.put("KNIT_DATA_TYPES", "ats_candidates");
        env.put("INBOX_POLL_INTERVAL_MS", "50");
        env.put("DISPATCH_POLL_INTERVAL_MS", "50");
        env.put("CLAIM_TIMEOUT_SECONDS", "10");
        env.put("ASSESSMENT_WEBHOOK_SECRET", SECRET);
        // Only the callbacks bring results here: the simulated platform stays quiet.
        env.put("SIMULATED_RESULTS_SHARE", "0");
        Db db = new Db(dbUrl);
        AtomicReference<AppProcess> app = new AtomicReference<>(startAndAwait(env, log));
        Platform platform = new Platform(home.resolve("outbox/assessment"), app);
        java.util.concurrent.ScheduledExecutorService callbacks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "platform-callbacks"));
        callbacks.scheduleWithFixedDelay(platform, 0, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        List<String> killPoints = new ArrayList<>();
        try {
            for (long atLeast : new long[] {150, 350}) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10)).until(() ->
                        db.count("SELECT COUNT(*) FROM result_inbox") >= atLeast);
                killPoints.add("results intake: results=" + db.count("SELECT COUNT(*) FROM assessment_result")
                        + ", acknowledged=" + platform.acknowledged.size());
                app.get().kill();
                app.set(startAndAwait(env, log));
            }
            // Left to finish: every invitation sent, and its callback acknowledged.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    db.count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0
                            && db.count("SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'") > 0
                            && platform.acknowledged.size() == db.count(
                                    "SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'")
                            && db.count("SELECT COUNT(*) FROM result_inbox WHERE state = 'waiting'") == 0
                            && db.count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0);
            // ... and still so a while later: the restart's sync may still be bringing events.
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    db.count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                            && db.count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0
                            && db.count("SELECT COUNT(*) FROM result_inbox WHERE state = 'waiting'") == 0
                            && platform.acknowledged.size() == db.count(
                                    "SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'"));
            // The platform repeats every callback once more: each is a duplicate now.
            platform.repeatAll();
        } finally {
            platform.stop.set(true);
            callbacks.shutdown();
            callbacks.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            app.get().stop();
        }
        killPoints.forEach(p -> System.out.println("kill-9 at " + p));

        List<String> invitations = db.strings("SELECT provider_id FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'");
        List<String> stored = db.strings("SELECT invitation_id FROM assessment_result");
        long storedTwice = stored.size() - Set.copyOf(stored).size()
                + db.count("SELECT COUNT(*) FROM result_inbox") - db.count("SELECT COUNT(DISTINCT dedup_key) FROM result_inbox");
        List<String> lostAcknowledged = platform.acknowledged.stream().filter(i -> !stored.contains(i)).toList();
        long lost = invitations.stream().filter(i -> !stored.contains(i)).count() + lostAcknowledged.size();
        ScenarioReport.record("kill-9-results-intake", platform.posted.get(), stored.size(), storedTwice, lost);
        System.out.printf("kill-9 results: %d callbacks posted over 3 starts, %d acknowledged, %d invitations, %d results, "
                + "%d repeated callbacks answered duplicate%n", platform.posted.get(), platform.acknowledged.size(), invitations.size(),
                stored.size(), platform.duplicatesAtTheEnd.get());
        System.out.println("kill-9 results: the repeated callbacks were answered " + platform.repeatAnswers);

        assertThat(stored).as("one result per invitation").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(invitations);
        assertThat(lostAcknowledged).as("acknowledged callbacks without a stored result").isEmpty();
        assertThat(storedTwice).as("stored twice").isZero();
        assertThat(platform.duplicatesAtTheEnd.get()).isEqualTo(invitations.size());
        assertThat(db.count("SELECT COUNT(*) FROM result_inbox WHERE state <> 'matched'")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT' AND invitation_state <> 'completed'")).isZero();
    }

    /**
     * The assessment platform: calls back with a completed result for each invitation sent, and again for each that
     * got no 2xx (the process was down or killed mid-request), until every one is acknowledged.
     */
    private static final class Platform implements Runnable {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicLong posted = new AtomicLong();
        final AtomicLong duplicatesAtTheEnd = new AtomicLong();
        final Map<String, Integer> repeatAnswers = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        private final Path invitationsReceived;
        private final AtomicReference<AppProcess> app;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final ResultSignature signature = new ResultSignature(SECRET);

        /** @param invitationsReceived the outbox's invitations: what the platform was asked to create */
        Platform(Path invitationsReceived, AtomicReference<AppProcess> app) {
            this.invitationsReceived = invitationsReceived;
            this.app = app;
        }

        /** One round of callbacks (scheduled every 20 ms: the platform's pace); a refused one is sent again next round. */
        @Override
        public void run() {
            try {
                // Not the database: the test's own connections to the H2 file would hold it while the app restarts.
                for (String invitation : invitations()) {
                    if (stop.get()) {
                        return;
                    }
                    if (!acknowledged.contains(invitation) && post(invitation) != null) {
                        acknowledged.add(invitation);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A file being written: next round.
            }
        }

        /** The platform's id of each invitation it received (outbox mode: outbox-<dispatch key>). */
        private List<String> invitations() throws IOException {
            if (!Files.isDirectory(invitationsReceived)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(invitationsReceived)) {
                return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                        .map(n -> "outbox-" + n.substring(0, n.length() - ".json".length())).toList();
            }
        }

        void repeatAll() {
            for (String invitation : acknowledged) {
                String answer = post(invitation);
                repeatAnswers.merge(String.valueOf(answer).replaceAll(".*\"status\":\"(\\w+)\".*", "$1"), 1, Integer::sum);
                if (answer != null && answer.contains("\"status\":\"duplicate\"")) {
                    duplicatesAtTheEnd.incrementAndGet();
                }
            }
        }

        /** The answer's body on 200 or 202, null when not acknowledged. */
        private String post(String invitation) {
            byte[] body = ("{\"invitationId\":\"" + invitation + "\",\"status\":\"completed\",\"score\":" + (invitation.length() % 50)
                    + ",\"maxScore\":50}").getBytes(StandardCharsets.UTF_8);
            posted.incrementAndGet();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.get().port()
                                + "/webhooks/assessment-results")).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json").header(ResultSignature.HEADER, signature.sign(body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                // 202: kept, the invitation not marked sent yet (the platform was quicker than our commit).
                return r.statusCode() == 200 || r.statusCode() == 202 ? r.body() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static AppProcess startAndAwait(Map<String, String> env, Path log) throws IOException {
        AppProcess app = AppProcess.start(env, log);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(app.isAlive()).as("process alive").isTrue();
            return app.answers();
        });
        return app;
    }

    private static Path generateSamples(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> originals;
        try (Stream<Path> files = Files.list(Path.of("samples/knit"))) {
            originals = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (int i = 0; i < CANDIDATES; i++) {
            ObjectNode data = (ObjectNode) JSON.readTree(originals.get(i % originals.size()).toFile());
            String id = "r9-%04d".formatted(i);
            ((ObjectNode) data.get("info")).put("id", id);
            Files.writeString(dir.resolve(id + ".json"), JSON.writeValueAsString(data));
        }
        return dir;
    }

    /** The embedded database the process writes (TestDatabases.sharedEmbeddedUrl), one connection per query so restarts find it free. */
    private record Db(String url) {
        long count(String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        List<String> strings(String sql) throws SQLException {
            List<String> values = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
