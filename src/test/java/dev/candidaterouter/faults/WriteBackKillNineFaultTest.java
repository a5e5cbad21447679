package dev.candidaterouter.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.results.ResultSignature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process in live mode, killed with SIGKILL twice while it writes assessment results into the ATS, and
 * started again each time. A WireMock in this JVM stands in for the assessment platform (it creates the invitations),
 * Twilio and Knit (it takes the ATS writes, each answered after a short delay, so a write is in flight when the kill
 * comes), GreenMail for SMTP; a thread of this test is the platform calling back with each invitation's result (half
 * passed, half failed) until the callback is acknowledged. At the end every write the result rules planned reached
 * the Knit stand-in exactly once by its Idempotency-Key: none twice, none lost.
 */
@Tag("faults")
@ExtendWith(ScenarioReport.class)
class WriteBackKillNineFaultTest {
    /** Kinds of write that end the same when sent twice (a stage set, a status set). */
    private static final java.util.Set<String> ENDS_THE_SAME = java.util.Set.of("result-stage", "result-order");
    private static final int CANDIDATES = 150;
    private static final String SECRET = "write-back-kill-nine-secret";
    private static final String KNIT_WRITES = "/v1\\.0/ats\\..*";
    private static final String OK = "{\"success\":true,\"data\":{}}";

    @TempDir
    Path home;

    @Test
    void killedDuringWriteBackEveryPlannedWriteReachesKnitOnceByKey() throws Exception {
        WireMockServer http = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        http.start();
        int smtpPort;
        try (ServerSocket free = new ServerSocket(0)) {
            smtpPort = free.getLocalPort();
        }
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        http.stubFor(post(urlEqualTo("/invitations")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"invitationId\":\"inv-{{jsonPath request.body '$.candidateId'}}\",\"testUrl\":\"https://tests.example.com/t/1\"}")));
        http.stubFor(get(urlPathMatching("/invitations/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"invitationId\":\"{{request.pathSegments.[1]}}\",\"status\":\"pending\"}")));
        http.stubFor(post(urlPathEqualTo("/2010-04-01/Accounts/ACfault/Messages.json")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SMok\",\"status\":\"queued\"}")));
        // Knit answers each write after 40-80 ms: long enough to be killed while one is on its way.
        http.stubFor(post(urlPathMatching(KNIT_WRITES)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OK).withUniformRandomDelay(40, 80)));

        Path log = home.resolve("app.log");
        String dbUrl = TestDatabases.sharedEmbeddedUrl(home);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_URL", dbUrl);
        env.put("OUTBOX_DIR", home.resolve("outbox").toString());
        env.put("ATTACHMENTS_DIR", home.resolve("attachments").toString());
        env.put("DISPATCH_MODE", "live");
        env.put("KNIT_MODE", "live");
        env.put("KNIT_BASE_URL", http.baseUrl());
        env.put("KNIT_API_KEY", TestEvents.API_KEY);
        env.put("KNIT_INTEGRATION_ID", TestEvents.INTEGRATION);
        env.put("KNIT_DATA_TYPES", RunningApp.ALL_DATA_TYPES);
        env.put("KNIT_SYNC_ON_START", "false");
        env.put("KNIT_REPORT_RATE", "10");
        env.put("ASSESSMENT_API_URL", http.baseUrl());
        env.put("ASSESSMENT_API_TOKEN", "token");
        env.put("ASSESSMENT_API_RATE", "50");
        env.put("ASSESSMENT_WEBHOOK_SECRET", SECRET);
        env.put("TWILIO_BASE_URL", http.baseUrl());
        env.put("TWILIO_ACCOUNT_SID", "ACfault");
        env.put("TWILIO_AUTH_TOKEN", "secret");
        env.put("SMS_RATE", "50");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(smtpPort));
        env.put("INBOX_POLL_INTERVAL_MS", "50");
        env.put("DISPATCH_POLL_INTERVAL_MS", "50");
        env.put("DISPATCH_INITIAL_BACKOFF_MS", "200");
        env.put("DISPATCH_MAX_BACKOFF_MS", "2000");
        env.put("CLAIM_TIMEOUT_SECONDS", "15");
        Db db = new Db(dbUrl);
        AtomicReference<AppProcess> app = new AtomicReference<>(startAndAwait(env, log));
        Platform platform = new Platform(http, app);
        java.util.concurrent.ScheduledExecutorService callbacks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "platform-callbacks"));
        List<String> killPoints = new ArrayList<>();
        List<LoggedRequest> writes;
        try {
            postEvents(app.get());
            callbacks.scheduleWithFixedDelay(platform, 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
            for (int atLeast : new int[] {40, 120}) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10)).until(() -> knitWrites(http).size() >= atLeast);
                // Kill right after the stand-in took one more write: its answer is still 40-80 ms away.
                int seen = knitWrites(http).size();
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(2)).until(() -> knitWrites(http).size() > seen);
                app.get().kill();
                killPoints.add("write-back: writes received=" + knitWrites(http).size() + ", results decided="
                        + db.count("SELECT COUNT(*) FROM assessment_result WHERE state = 'decided'") + ", KNIT rows claimed="
                        + db.count("SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT' AND status = 'sending'"));
                app.set(startAndAwait(env, log));
            }
            // Left to finish: every callback acknowledged, every result decided, nothing on its way; then quiet.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    platform.acknowledged.size() == CANDIDATES
                            && db.count("SELECT COUNT(*) FROM assessment_result WHERE state = 'decided'") == CANDIDATES
                            && db.count("SELECT COUNT(*) FROM dispatch WHERE status = 'sending'") == 0);
            AtomicLong quietAt = new AtomicLong(-1);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                long now = knitWrites(http).size();
                boolean unchanged = quietAt.getAndSet(now) == now;
                return unchanged && db.count("SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT' AND status IN ('sending')") == 0
                        && db.count("SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT' AND status = 'pending' "
                                + "AND kind <> 'result-stage'") == 0;
            });
        } finally {
            platform.stop.set(true);
            callbacks.shutdown();
            callbacks.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            app.get().stop();
            mail.stop();
            writes = knitWrites(http);
            http.stop();
        }
        killPoints.forEach(p -> System.out.println("kill-9 at " + p));

        // What the Knit stand-in received, by Idempotency-Key; what the process planned, by its dispatch rows.
        Map<String, Long> byKey = writes.stream().collect(Collectors.groupingBy(r -> String.valueOf(r.getHeader("Idempotency-Key")),
                Collectors.counting()));
        Map<String, String> planned = db.pairs("SELECT dispatch_key, kind FROM dispatch WHERE channel = 'KNIT'");
        // A write that adds something (an attachment, a note) must never arrive twice. A stage move or an order's
        // status in flight at the kill is sent again (DispatchJob.isUnsafeToRepeat): the second one ends the same,
        // and is counted apart.
        Map<String, Long> duplicatesByKind = new TreeMap<>();
        Map<String, Long> harmlessRepeatsByKind = new TreeMap<>();
        byKey.forEach((key, n) -> {
            if (n > 1) {
                String kind = planned.getOrDefault(key, "unplanned");
                (ENDS_THE_SAME.contains(kind) ? harmlessRepeatsByKind : duplicatesByKind).merge(kind, n - 1, Long::sum);
            }
        });
        long duplicates = duplicatesByKind.values().stream().mapToLong(Long::longValue).sum();
        System.out.println("kill-9 write-back: repeats of writes that end the same " + harmlessRepeatsByKind
                + "; kept for review (outcome unknown) " + db.count("SELECT COUNT(*) FROM dispatch WHERE channel = 'KNIT' AND status = 'review'"));
        List<String> lost = planned.keySet().stream().filter(k -> !byKey.containsKey(k)).toList();
        Map<String, String> lostKinds = new TreeMap<>();
        lost.forEach(k -> lostKinds.put(k, planned.get(k)));
        long passed = db.count("SELECT COUNT(*) FROM assessment_result WHERE percentage >= 60");
        long expected = CANDIDATES + passed;
        ScenarioReport.record("kill-9-write-back", platform.posted.get(), byKey.size(), duplicates, lost.size());
        System.out.printf("kill-9 write-back: %d callbacks posted over 3 starts, %d results (%d passed), %d writes planned "
                + "(expected %d), %d requests at the Knit stand-in for %d keys; duplicates by kind %s; lost %s%n",
                platform.posted.get(), db.count("SELECT COUNT(*) FROM assessment_result"), passed, planned.size(), expected,
                writes.size(), byKey.size(), duplicatesByKind, lostKinds);
        System.out.println("kill-9 write-back: KNIT rows by kind and status " + db.pairs(
                "SELECT kind || '/' || status, CAST(COUNT(*) AS VARCHAR) FROM dispatch WHERE channel = 'KNIT' GROUP BY kind, status"));

        assertThat(db.count("SELECT COUNT(*) FROM assessment_result")).as("one result per invitation").isEqualTo(CANDIDATES);
        assertThat(planned).as("writes planned: an attachment per result, a move per passed one").hasSize((int) expected);
        assertThat(byKey.keySet()).as("keys the stand-in received that nobody planned").isSubsetOf(planned.keySet());
        assertThat(duplicatesByKind).as("writes received more than once by key, per kind").isEmpty();
        assertThat(lostKinds).as("planned writes the stand-in never received").isEmpty();
    }

    private static List<LoggedRequest> knitWrites(WireMockServer http) {
        return http.findAll(postRequestedFor(urlPathMatching(KNIT_WRITES)));
    }

    /** Knit's webhook events: job-1, then each candidate's application in Technical Assessment, then the candidate. */
    private static void postEvents(AppProcess app) {
        List<String> applications = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            String id = candidateId(i);
            applications.add(TestEvents.application("record.new", TestEvents.newId(), "app-" + id, id, "ACTIVE",
                    "Technical Assessment", "2026-01-01T00:00:00Z"));
            candidates.add(TestEvents.candidate("record.new", TestEvents.newId(), id, "Java", "Expert", "2026-01-01T00:00:00Z"));
        }
        String job = TestEvents.job(TestEvents.newId(), "Backend Engineer");
        try (Webhook webhook = new Webhook(app.port())) {
            // The health endpoint answers before every route has started: Knit would deliver again until a 200.
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() ->
                    webhook.postAll(List.of(job)).equals(List.of(200)));
            assertThat(webhook.postAll(applications)).containsOnly(200);
            assertThat(webhook.postAll(candidates)).containsOnly(200);
        }
    }

    private static String candidateId(int i) {
        return "wb9-%04d".formatted(i);
    }

    /**
     * The assessment platform: calls back with the result of each invitation it created (even candidates pass with
     * 41 of 50, odd ones fail with 20 of 50), again for each that got no 200 or 202, until every one is acknowledged.
     */
    private static final class Platform implements Runnable {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicLong posted = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        private final WireMockServer platform;
        private final AtomicReference<AppProcess> app;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final ResultSignature signature = new ResultSignature(SECRET);

        Platform(WireMockServer platform, AtomicReference<AppProcess> app) {
            this.platform = platform;
            this.app = app;
        }

        /** One round of callbacks (scheduled every 200 ms: the platform's pace); a refused one waits for the next. */
        @Override
        public void run() {
            for (String invitation : invitations()) {
                if (stop.get()) {
                    return;
                }
                if (!acknowledged.contains(invitation)) {
                    if (!post(invitation)) {
                        return; // the process is down or busy: the platform tries again next round
                    }
                    acknowledged.add(invitation);
                }
            }
        }

        /** The ids the platform gave out: inv-<candidateId> of each POST /invitations it answered. */
        private Set<String> invitations() {
            return platform.findAll(postRequestedFor(urlEqualTo("/invitations"))).stream()
                    .map(r -> r.getBodyAsString().replaceAll("(?s).*\"candidateId\"\\s*:\\s*\"([^\"]+)\".*", "inv-$1"))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        private boolean post(String invitation) {
            int index = Integer.parseInt(invitation.substring(invitation.lastIndexOf('-') + 1));
            int score = index % 2 == 0 ? 41 : 20;
            byte[] body = ("{\"invitationId\":\"" + invitation + "\",\"status\":\"completed\",\"score\":" + score
                    + ",\"maxScore\":50,\"reportUrl\":\"https://platform.example.com/reports/" + invitation + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            posted.incrementAndGet();
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.get().port()
                                + "/webhooks/assessment-results")).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json").header(ResultSignature.HEADER, signature.sign(body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 || r.statusCode() == 202;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static AppProcess startAndAwait(Map<String, String> env, Path log) throws IOException {
        AppProcess app = AppProcess.start(env, log);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!app.isAlive()) {
                String output = AppProcess.read(log);
                throw new AssertionError("the process ended at start; the end of its output:\n"
                        + output.substring(Math.max(0, output.length() - 4000)));
            }
            return app.answers();
        });
        return app;
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

        /** The first two columns of each row, as a map. */
        Map<String, String> pairs(String sql) throws SQLException {
            Map<String, String> values = new TreeMap<>();
            try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
            return values;
        }
    }
}
