package dev.candidaterouter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Issue 8, end to end: generates N sandbox candidates (the 24 samples over and over, each copy with its own id and
 * contact addresses), starts the packaged app on them with a fixed heap, its own database and outbox, and measures
 * the time from launch until every candidate is decided and every send is in the outbox. On the way: heap used
 * after 10k, 50k and N decisions, peak RSS, and optionally a JFR recording summarised by {@link ProfileSummary}.
 * Bounded by {@code --max-minutes}: when the time is up it reports how far it got and stops the app.
 *
 * <pre>
 * java -cp ... dev.candidaterouter.bench.EndToEndRun [--candidates 100000] [--max-minutes 15] [--heap -Xmx512m]
 *      [--port 18081] [--jfr true] [--env INBOX_BATCH_SIZE=500,DISPATCH_BATCH_SIZE=500]
 * </pre>
 */
public final class EndToEndRun {
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

    private EndToEndRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = IngestLoad.options(args);
        int candidates = Integer.parseInt(opts.getOrDefault("candidates", "100000"));
        int maxMinutes = Integer.parseInt(opts.getOrDefault("max-minutes", "15"));
        String heap = opts.getOrDefault("heap", "-Xmx512m");
        int port = Integer.parseInt(opts.getOrDefault("port", "18081"));
        boolean jfr = Boolean.parseBoolean(opts.getOrDefault("jfr", "true"));
        Path project = Path.of("").toAbsolutePath();
        Path work = opts.containsKey("work") ? Path.of(opts.get("work")) : Files.createTempDirectory("bench-e2e-");
        Files.createDirectories(work);

        Path samples = work.resolve("samples");
        long genStart = System.nanoTime();
        generate(project.resolve("samples/knit"), samples, candidates);
        System.out.printf("generated %d candidates in %s (%.1f s)%n", candidates, samples,
                (System.nanoTime() - genStart) / 1e9);

        String dbUrl = "jdbc:h2:file:" + work.resolve("data/candidate-router") + ";AUTO_SERVER=TRUE";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KNIT_SANDBOX_SAMPLES", samples.toString());
        env.put("DB_URL", dbUrl);
        env.put("OUTBOX_DIR", work.resolve("outbox").toString());
        env.put("ATTACHMENTS_DIR", work.resolve("attachments").toString());
        env.put("RULES_RELOAD", "false");
        for (String pair : opts.getOrDefault("env", "").split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        List<String> jvm = new ArrayList<>(List.of(heap));
        Path recording = work.resolve("e2e.jfr");
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
        }
        Path log = work.resolve("app.log");
        System.out.printf("e2e: %d candidates, jvm %s, env %s, app log %s%n", candidates, jvm, env, log);

        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(maxMinutes).toNanos();
        Map<Integer, String> heapAt = new LinkedHashMap<>();
        int[] marks = java.util.stream.IntStream.of(10_000, 50_000, candidates).filter(m -> m <= candidates)
                .distinct().sorted().toArray();
        int nextMark = 0;
        Counts last = null;
        boolean done = false;
        try (AppProcess app = AppProcess.start(project, jvm, env, port, log)) {
            app.awaitWebhook(Duration.ofSeconds(120));
            System.out.printf("webhook route up after %.1f s%n", (System.nanoTime() - start) / 1e9);
            try (Connection db = connect(dbUrl, Duration.ofSeconds(60))) {
                long lastPrint = 0;
                while (System.nanoTime() < deadline && app.isAlive()) {
                    last = Counts.read(db);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    while (nextMark < marks.length && last.decisions >= marks[nextMark]) {
                        heapAt.put(marks[nextMark], heapUsed(app) + String.format(" at %.0f s, RSS %d MiB", seconds,
                                app.rssKib() / 1024));
                        System.out.printf("heap after %d decisions: %s%n", marks[nextMark], heapAt.get(marks[nextMark]));
                        nextMark++;
                    }
                    if (System.nanoTime() - lastPrint > 10e9) {
                        System.out.printf("%6.0f s: %s%n", seconds, last);
                        lastPrint = System.nanoTime();
                    }
                    if (last.decisions >= candidates && last.inboxTotal >= candidates + 1L && last.inboxWaiting == 0
                            && last.dispatchWaiting == 0) {
                        done = true;
                        break;
                    }
                    Thread.sleep(1000);
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            long files = countFiles(work.resolve("outbox"));
            System.out.println(done ? "all candidates decided and dispatched" : "STOPPED before the end (time box or app exit)");
            System.out.printf("RESULT candidates=%d decided=%d wall=%.1fs candidates/s=%.1f outbox-files=%d sent=%d"
                            + " other-dispatch=%s peak-rss=%dMiB%n", candidates, last == null ? 0 : last.decisions, wall,
                    (last == null ? 0 : last.decisions) / wall, files, last == null ? 0 : last.dispatchSent,
                    last == null ? "-" : last.dispatchOther, app.peakRssKib() / 1024);
            heapAt.forEach((k, v) -> System.out.printf("RESULT heap after %d: %s%n", k, v));
            if (app.isAlive()) {
                app.jcmd("GC.run");
                System.out.printf("RESULT heap used after a full GC at the end: %s%n", heapUsed(app));
                if (jfr) {
                    System.out.println(app.jcmd("JFR.dump", "filename=" + recording).strip());
                }
            }
        }
        if (jfr && Files.exists(recording)) {
            ProfileSummary.print(recording, 25);
        }
    }

    /** Counts from the app's database; read through H2's auto-server, so the app keeps its embedded access. */
    private record Counts(long decisions, long inboxTotal, long inboxWaiting, long dispatchSent, long dispatchWaiting,
                          String dispatchOther) {
        static Counts read(Connection db) throws SQLException {
            return new Counts(count(db, "SELECT COUNT(*) FROM decision"),
                    count(db, "SELECT COUNT(*) FROM inbox_event"),
                    count(db, "SELECT COUNT(*) FROM inbox_event WHERE status IN ('received','processing')"),
                    count(db, "SELECT COUNT(*) FROM dispatch WHERE status = 'sent'"),
                    count(db, "SELECT COUNT(*) FROM dispatch WHERE status IN ('pending','sending')"),
                    others(db));
        }

        private static String others(Connection db) throws SQLException {
            StringBuilder b = new StringBuilder("{");
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT status, COUNT(*) FROM dispatch WHERE status NOT IN ('sent','pending','sending') GROUP BY status")) {
                while (rs.next()) {
                    b.append(rs.getString(1)).append('=').append(rs.getLong(2)).append(' ');
                }
            }
            return b.toString().strip() + "}";
        }

        private static long count(Connection db, String sql) throws SQLException {
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public String toString() {
            return "decisions=" + decisions + " inbox=" + inboxTotal + " (waiting " + inboxWaiting + ") dispatch sent="
                    + dispatchSent + " waiting=" + dispatchWaiting + " other=" + dispatchOther;
        }
    }

    /** The 24 samples over and over; copy i gets id {@code bench_<i>} and its own email/phone. */
    static void generate(Path from, Path to, int count) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> list = Files.list(from)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<JsonNode> templates = new ArrayList<>();
        for (Path f : files) {
            templates.add(mapper.readTree(f.toFile()));
        }
        Files.createDirectories(to);
        for (int i = 0; i < count; i++) {
            ObjectNode copy = templates.get(i % templates.size()).deepCopy();
            ObjectNode info = (ObjectNode) copy.get("info");
            String id = String.format("bench_%07d", i);
            info.put("id", id);
            for (JsonNode email : info.path("emails")) {
                String address = email.path("email").asText("");
                if (address.contains("@")) {
                    ((ObjectNode) email).put("email", address.replace("@", "+" + i + "@"));
                }
            }
            mapper.writeValue(to.resolve(String.format("%07d.json", i)).toFile(), copy);
        }
    }

    private static Connection connect(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Connection c = DriverManager.getConnection(url, "sa", "");
                Counts.count(c, "SELECT COUNT(*) FROM decision");
                return c;
            } catch (SQLException notReady) {
                last = notReady;
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("cannot read the app's database " + url, last);
    }

    private static String heapUsed(AppProcess app) throws IOException, InterruptedException {
        Matcher m = HEAP_USED.matcher(app.jcmd("GC.heap_info"));
        return m.find() ? String.format("used %d MiB of %d MiB committed", Long.parseLong(m.group(2)) / 1024,
                Long.parseLong(m.group(1)) / 1024) : "unknown";
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
