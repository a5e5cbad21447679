package dev.candidaterouter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.knit.KnitSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 8, ingestion: N concurrent clients POST signed {@code record.new} webhook events to a freshly started app
 * (no sync on start, its own database) and time each request until its answer. Prints events/s answered 200 and
 * the p50/p99/max latency of those answers. Bounded in count ({@code --events} per run after {@code --warmup}) and
 * in time ({@code --max-seconds}); loopback only.
 *
 * <pre>
 * java -cp ... dev.candidaterouter.bench.IngestLoad --db h2|sqlite|postgres [--clients 8] [--events 20000]
 *      [--warmup 2000] [--max-seconds 120] [--port 18080] [--jvm "-Xmx512m -XX:+UseParallelGC"] [--pg-url jdbc:postgresql://127.0.0.1:5432/test]
 * </pre>
 */
public final class IngestLoad {
    private static final String API_KEY = "bench-sandbox-key";
    private static final String INTEGRATION = "sandbox-integration";

    private IngestLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String db = opts.getOrDefault("db", "h2");
        int clients = Integer.parseInt(opts.getOrDefault("clients", "8"));
        int events = Integer.parseInt(opts.getOrDefault("events", "20000"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2000"));
        int maxSeconds = Integer.parseInt(opts.getOrDefault("max-seconds", "120"));
        int port = Integer.parseInt(opts.getOrDefault("port", "18080"));
        String jvm = opts.getOrDefault("jvm", AppProcess.DEFAULT_JVM_OPTIONS);
        Path project = Path.of("").toAbsolutePath();
        Path work = Files.createTempDirectory("bench-ingest-");

        Map<String, String> env = new LinkedHashMap<>();
        env.put("KNIT_SYNC_ON_START", "false");
        env.put("KNIT_SANDBOX_API_KEY", API_KEY); // the app's sandbox otherwise signs with a key of its own start
        env.put("OUTBOX_DIR", work.resolve("outbox").toString());
        env.put("ATTACHMENTS_DIR", work.resolve("attachments").toString());
        env.put("RULES_RELOAD", "false");
        if ("postgres".equals(db)) {
            String pgUrl = opts.getOrDefault("pg-url", "jdbc:postgresql://127.0.0.1:5432/test");
            freshSchema(pgUrl, "postgres", "bench");
            env.put("DB_URL", pgUrl + "?currentSchema=bench");
            env.put("DB_USER", "postgres");
            env.put("DB_PASSWORD", "");
        } else if ("sqlite".equals(db)) {
            env.put("DB_URL", "jdbc:sqlite:" + work.resolve("data/candidate-router.db"));
        } else {
            env.put("DB_URL", "jdbc:h2:file:" + work.resolve("data/candidate-router"));
        }
        Path log = work.resolve("app.log");
        System.out.printf("ingest: db=%s clients=%d warmup=%d events=%d max=%ds jvm=[%s] app log %s%n", db, clients,
                warmup, events, maxSeconds, jvm, log);

        try (AppProcess app = AppProcess.start(project, AppProcess.jvmOptions(jvm), env, port, log)) {
            app.awaitWebhook(Duration.ofSeconds(90));
            URI url = URI.create("http://127.0.0.1:" + port + "/webhooks/knit");
            String template = envelopeTemplate(project.resolve("samples/knit/01-zoe-angstrom.json"));
            long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).toNanos();
            Result warm = run(url, template, "w", clients, warmup, deadline);
            System.out.printf("warmup: %d events, %d answered 200, %.0f events/s%n", warm.sent, warm.ok(),
                    warm.eventsPerSecond());
            Result result = run(url, template, "m", clients, events, deadline);
            System.out.println(result.report());
            System.out.printf("app peak RSS (VmHWM): %d MiB%n", app.peakRssKib() / 1024);
        }
    }

    private record Result(int sent, long[] okLatenciesNanos, Map<String, Long> otherAnswers, long elapsedNanos) {
        long ok() {
            return okLatenciesNanos.length;
        }

        double eventsPerSecond() {
            return ok() / (elapsedNanos / 1e9);
        }

        String report() {
            long[] l = okLatenciesNanos.clone();
            Arrays.sort(l);
            return String.format("RESULT sent=%d ok=%d other=%s seconds=%.2f events/s=%.0f p50=%.2fms p99=%.2fms max=%.2fms",
                    sent, ok(), otherAnswers, elapsedNanos / 1e9, eventsPerSecond(), ms(percentile(l, 50)),
                    ms(percentile(l, 99)), ms(l.length == 0 ? 0 : l[l.length - 1]));
        }

        private static long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    /** Sends {@code count} events spread over {@code clients} threads, each with its own connection. */
    private static Result run(URI url, String template, String prefix, int clients, int count, long deadline)
            throws Exception {
        KnitSignature signature = new KnitSignature(API_KEY);
        AtomicLong next = new AtomicLong();
        Map<String, Long> other = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<long[]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                long[] latencies = new long[count];
                int n = 0;
                long i;
                while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                    String id = prefix + "-" + i + "-" + System.nanoTime();
                    byte[] body = template.replace("@EVENT_ID@", id).replace("@CANDIDATE_ID@", "bench_" + id)
                            .getBytes(StandardCharsets.UTF_8);
                    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header(KnitSignature.HEADER, signature.sign(body))
                            .header("X-Knit-Integration-Id", INTEGRATION)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    long t0 = System.nanoTime();
                    String answer;
                    try {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        long took = System.nanoTime() - t0;
                        if (response.statusCode() == 200) {
                            latencies[n++] = took;
                            continue;
                        }
                        answer = "HTTP " + response.statusCode();
                    } catch (java.io.IOException e) {
                        answer = e.getClass().getSimpleName();
                    }
                    other.merge(answer, 1L, Long::sum);
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            parts.add(f.get());
        }
        long elapsed = System.nanoTime() - start;
        pool.shutdown();
        long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result((int) Math.min(next.get(), count), all, new java.util.TreeMap<>(other), elapsed);
    }

    /** A record.new envelope around a sample candidate, with placeholders for the event and candidate ids. */
    private static String envelopeTemplate(Path sample) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode data = (ObjectNode) mapper.readTree(sample.toFile());
        ((ObjectNode) data.get("info")).put("id", "@CANDIDATE_ID@");
        ObjectNode envelope = mapper.createObjectNode().put("eventId", "@EVENT_ID@").put("eventType", "record.new");
        envelope.set("eventData", data);
        envelope.put("syncType", "initial_sync").put("syncDataType", "ats_candidates").put("syncJobId", "bench-job")
                .put("syncRunId", "bench-run").put("recordId", "@CANDIDATE_ID@");
        return mapper.writeValueAsString(envelope);
    }

    /** Drops and recreates a schema so the app's Flyway starts from nothing. */
    static void freshSchema(String url, String user, String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.contains("=")) {
                opts.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                opts.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return opts;
    }
}
