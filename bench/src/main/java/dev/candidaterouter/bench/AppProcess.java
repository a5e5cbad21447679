package dev.candidaterouter.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/candidate-router.jar}) started as a child process for a benchmark: own
 * environment, own heap, output to a log file; stopped with SIGTERM (then killed if it does not stop in time) —
 * only this process, by its pid. Also reads what the OS and the JVM say about it (peak RSS, heap).
 */
final class AppProcess implements AutoCloseable {
    /**
     * The JVM options the benchmarks start the app with unless {@code --jvm} says otherwise: what
     * {@code bin/candidate-router} runs with {@code JAVA_OPTS=-Xmx512m} (the script adds the parallel collector
     * when JAVA_OPTS names none).
     */
    static final String DEFAULT_JVM_OPTIONS = "-Xmx512m -XX:+UseParallelGC";

    private final Process process;
    private final int port;
    private final int managementPort;

    private AppProcess(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** {@code --jvm}'s words ("-Xmx512m -XX:+UseParallelGC"), one option each. */
    static List<String> jvmOptions(String words) {
        return List.of(words.trim().split("\\s+"));
    }

    /**
     * @param jvmOptions e.g. {@code -Xmx512m}
     * @param env        settings (DB_URL, OUTBOX_DIR, ...) added to this process's environment
     * @param log        where the app's stdout and stderr go
     */
    static AppProcess start(Path projectDir, List<String> jvmOptions, Map<String, String> env, int port, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(projectDir.resolve("target/candidate-router.jar").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        // Health details and metrics are on the management port; a free one, so a local app on 9876 is no obstacle.
        int managementPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            managementPort = free.getLocalPort();
        }
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        return new AppProcess(builder.start(), port, managementPort);
    }

    /** Where {@code /observe/metrics} is served (loopback). */
    int managementPort() {
        return managementPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the webhook route is up: an unsigned POST to {@code /webhooks/knit} is answered with anything but
     * 404 (the HTTP server answers 404 before the routes have started).
     */
    void awaitWebhook(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + " while starting");
            }
            try {
                HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/webhooks/knit"))
                        .timeout(Duration.ofSeconds(2)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() != 404) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the app's webhook did not come up on port " + port + " within " + timeout);
    }

    /**
     * The app's I/O so far ({@code /proc/<pid>/io}): bytes and calls read and written through the kernel, the page
     * cache included ({@code rchar}, {@code syscr}, {@code wchar}, {@code syscw}), and bytes written to the disk
     * ({@code write_bytes}); null where /proc is not available.
     */
    Io io() {
        Map<String, Long> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "io"))) {
                int colon = line.indexOf(':');
                fields.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).trim()));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new Io(fields.getOrDefault("rchar", 0L), fields.getOrDefault("syscr", 0L), fields.getOrDefault("wchar", 0L),
                fields.getOrDefault("syscw", 0L), fields.getOrDefault("write_bytes", 0L));
    }

    /** What {@link #io()} reads; differences of two say what happened between. */
    record Io(long readBytes, long readCalls, long writtenBytes, long writeCalls, long diskWrittenBytes) {
        Io since(Io earlier) {
            return new Io(readBytes - earlier.readBytes, readCalls - earlier.readCalls,
                    writtenBytes - earlier.writtenBytes, writeCalls - earlier.writeCalls,
                    diskWrittenBytes - earlier.diskWrittenBytes);
        }
    }

    /** Peak resident set size in KiB ({@code VmHWM}), or -1 where /proc is not available. */
    long peakRssKib() {
        return procStatus("VmHWM:");
    }

    /**
     * CPU time the app's process has used so far (user and system, all threads), or {@link Duration#ZERO} where the
     * platform does not tell. Less disturbed than wall time by what else the machine runs.
     */
    Duration cpuTime() {
        return ProcessHandle.of(pid()).flatMap(h -> h.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    long rssKib() {
        return procStatus("VmRSS:");
    }

    private long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Starts a Knit sync now, as an operator would: {@code POST /admin/sync} with the admin token the app was started
     * with ({@code ADMIN_TOKEN}); the app answers 202 and syncs in the background.
     */
    void startSync(String adminToken) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI sync = URI.create("http://127.0.0.1:" + port + "/admin/sync");
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(sync)
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("POST /admin/sync answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /**
     * What the JIT compilers have done so far: compilations and seconds spent compiling (HotSpot's {@code
     * sun.ci.totalCompiles} and {@code java.ci.totalTime} counters, read with {@code jcmd PerfCounter.print}); null when
     * the counters cannot be read.
     */
    Jit jit() throws IOException, InterruptedException {
        Map<String, Long> counters = new HashMap<>();
        for (String line : jcmd("PerfCounter.print").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && (line.startsWith("sun.") || line.startsWith("java."))) {
                try {
                    counters.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
                } catch (NumberFormatException notANumber) {
                    // a string counter
                }
            }
        }
        Long ticks = counters.get("java.ci.totalTime");
        Long frequency = counters.get("sun.os.hrt.frequency");
        Long compiles = counters.get("sun.ci.totalCompiles");
        return ticks == null || frequency == null || compiles == null ? null
                : new Jit(compiles, (double) ticks / frequency);
    }

    /** Compilations and seconds of compiling since the JVM started; differences of two say what happened between. */
    record Jit(long compiles, double seconds) {
        Jit since(Jit earlier) {
            return new Jit(compiles - earlier.compiles, seconds - earlier.seconds);
        }
    }

    /** The output of {@code jcmd <pid> <command...>}, bounded to 30 s. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid()));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        byte[] out = jcmd.getInputStream().readAllBytes();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
        return new String(out);
    }

    /** Stops the app as Ctrl-C would; kills it if it did not stop within 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
