package dev.candidaterouter.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real process, killed with SIGKILL while the sandbox's sync of 2,000 candidates is stored, decided and
 * sent, and started again each time (which syncs again: new event ids, same candidates). At the end every
 * candidate has a decision and nobody got a second invitation.
 */
@Tag("faults")
@ExtendWith(ScenarioReport.class)
class KillNineFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CANDIDATES = 2_000;
    private static final Pattern SENT_INVITATION = Pattern.compile("sent ASSESSMENT to candidate (\\S+) for (\\S+) \\(key (\\w+)");

    @TempDir
    Path home;

    @Test
    void killedDuringWebhookWritesRuleEvaluationAndSendsNoCandidateIsLostAndNoneInvitedTwice() throws Exception {
        Path samples = generateSamples(home.resolve("samples"));
        Path log = home.resolve("app.log");
        String dbUrl = TestDatabases.sharedEmbeddedUrl(home);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_URL", dbUrl);
        env.put("OUTBOX_DIR", home.resolve("outbox").toString());
        env.put("ATTACHMENTS_DIR", home.resolve("attachments").toString());
        env.put("KNIT_SANDBOX_SAMPLES", samples.toString());
        // Candidates only: this test counts the invitations of 2,000 candidates without applications (the gate open).
        env.put("KNIT_DATA_TYPES", "ats_candidates");
        env.put("INBOX_POLL_INTERVAL_MS", "50");
        env.put("DISPATCH_POLL_INTERVAL_MS", "50");
        // Work claimed by the killed process is taken over after this (default 300 s).
        env.put("CLAIM_TIMEOUT_SECONDS", "10");
        Database db = new Database(dbUrl);
        List<String> killPoints = new ArrayList<>();

        // 1. While the sandbox's webhook calls are being stored.
        AppProcess app = startAndAwait(env, log);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> db.count("SELECT COUNT(*) FROM inbox_event") >= 300);
        killPoints.add("webhook writes: " + db.describe());
        app.kill();

        // 2. While rules decide (decisions grow, the inbox still has work).
        long decisionsBefore = db.count("SELECT COUNT(*) FROM decision");
        app = startAndAwait(env, log);
        long target = decisionsBefore + 400;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> db.count("SELECT COUNT(*) FROM decision") >= target);
        killPoints.add("rule evaluation: " + db.describe());
        app.kill();

        // 3. While invitations are written (sends done, others pending).
        long sentBefore = db.count("SELECT COUNT(*) FROM dispatch WHERE status = 'sent'");
        app = startAndAwait(env, log);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() ->
                db.count("SELECT COUNT(*) FROM dispatch WHERE status = 'sent'") >= sentBefore + 300
                        && db.count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") > 0);
        killPoints.add("sends: " + db.describe());
        app.kill();

        // 4. Started once more and left to finish.
        long syncsFinished = db.count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'");
        app = startAndAwait(env, log);
        try {
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    db.count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'") > syncsFinished
                            && db.count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                            && db.count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);
        } finally {
            app.stop();
        }
        killPoints.forEach(p -> System.out.println("kill-9 at " + p));

        // Every generated candidate has a decision.
        Set<String> decided = new HashSet<>(db.strings("SELECT DISTINCT candidate_id FROM decision"));
        long lost = CANDIDATES - decided.size();
        // Invitations: the dispatch table, the outbox files, and the sends the process logged across all runs.
        List<String> invitationRows = db.strings("SELECT candidate_id || '/' || assessment_id FROM dispatch WHERE channel = 'ASSESSMENT'");
        Map<String, Integer> files = Outbox.invitations(home.resolve("outbox"));
        Map<String, Integer> loggedSends = new HashMap<>();
        Matcher m = SENT_INVITATION.matcher(AppProcess.read(log));
        while (m.find()) {
            loggedSends.merge(m.group(1) + "/" + m.group(2), 1, Integer::sum);
        }
        loggedSends.forEach((invitation, n) -> {
            if (n > 1) {
                System.out.println("kill-9: invitation " + invitation + " sent " + n + " times");
            }
        });
        long duplicates = Math.max(Outbox.duplicateInvitations(home.resolve("outbox")),
                loggedSends.values().stream().mapToLong(n -> n - 1L).sum());
        long reachable = db.count("SELECT COUNT(DISTINCT candidate_id) FROM decision WHERE NOT unreachable");
        long sentRows = db.count("SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT' AND status = 'sent'");
        long inboxEvents = db.count("SELECT COUNT(*) FROM inbox_event");
        ScenarioReport.record("kill-9-mid-sync", inboxEvents, files.size(), duplicates, lost);
        System.out.printf("kill-9: %d inbox events over 4 starts, %d decisions, %d reachable candidates, %d invitation rows "
                + "(%d sent), %d outbox invitation files, %d logged invitation sends%n", inboxEvents,
                db.count("SELECT COUNT(*) FROM decision"), reachable, invitationRows.size(), sentRows, files.size(),
                loggedSends.values().stream().mapToInt(Integer::intValue).sum());

        assertThat(lost).as("candidates without a decision").isZero();
        assertThat(invitationRows).doesNotHaveDuplicates().hasSize((int) reachable);
        assertThat(sentRows).isEqualTo(reachable);
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(invitationRows);
        assertThat(duplicates).as("duplicate invitations").isZero();
        assertThat(db.count("SELECT COUNT(*) FROM inbox_event WHERE status NOT IN ('processed', 'ignored')")).isZero();
    }

    private static AppProcess startAndAwait(Map<String, String> env, Path log) throws IOException {
        AppProcess app = AppProcess.start(env, log);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(app.isAlive()).as("process alive; log:%n%s", tail(log)).isTrue();
            return app.answers();
        });
        return app;
    }

    private static String tail(Path log) throws IOException {
        String text = AppProcess.read(log);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    /** 2,000 candidates made from the 24 samples, each with its own id. */
    private static Path generateSamples(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> originals;
        try (Stream<Path> files = Files.list(Path.of("samples/knit"))) {
            originals = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (int i = 0; i < CANDIDATES; i++) {
            ObjectNode data = (ObjectNode) JSON.readTree(originals.get(i % originals.size()).toFile());
            String id = "k9-%04d".formatted(i);
            ((ObjectNode) data.get("info")).put("id", id);
            Files.writeString(dir.resolve(id + ".json"), JSON.writeValueAsString(data));
        }
        return dir;
    }

    /**
     * The embedded database the process writes, read between and during its runs (TestDatabases.sharedEmbeddedUrl:
     * this JVM reads while the process holds the file); each query opens and closes its own connection so the file
     * is free for restarts.
     */
    private record Database(String url) {
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

        String describe() throws SQLException {
            return "inbox=%d (waiting %d), decisions=%d, sends sent=%d pending=%d".formatted(
                    count("SELECT COUNT(*) FROM inbox_event"),
                    count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')"),
                    count("SELECT COUNT(*) FROM decision"),
                    count("SELECT COUNT(*) FROM dispatch WHERE status = 'sent'"),
                    count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')"));
        }
    }
}
