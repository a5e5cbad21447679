package dev.candidaterouter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * End to end (issues 8 and 17): generates N sandbox candidates ({@link E2eSamples}), starts the packaged app on them
 * with a fixed heap, its own database and outbox, and measures the time from launch until every record is processed
 * and every send is in the outbox — for a full loop also until the simulated platform's results and the ATS writes
 * they lead to are done. The run is followed through the app's {@code /observe/metrics} ({@link AppMetrics}).
 * On the way: heap used after 10k, 50k and N decisions, peak RSS, the embedded store's size against its compacted size
 * at every 10k decisions ({@link StoreSize}), and optionally a JFR recording summarised by {@link ProfileSummary}.
 * Bounded by {@code --max-minutes}: when the time is up it reports how far it got and stops the app.
 *
 * <pre>
 * java -cp ... dev.candidaterouter.bench.EndToEndRun [--candidates 100000] [--max-minutes 15] [--jvm "-Xmx512m -XX:+UseParallelGC"]
 *      [--loop candidates|full] [--db h2|sqlite|postgres] [--pg-url jdbc:postgresql://127.0.0.1:5432/test]
 *      [--instances 1|2] [--port 18081] [--jfr true] [--env INBOX_BATCH_SIZE=500,DISPATCH_BATCH_SIZE=500]
 * </pre>
 *
 * <p>{@code --loop candidates} syncs candidates only and nobody completes an assessment; {@code --loop full} syncs
 * candidates, their applications and the jobs, and the simulated platform completes 70% of the invitations one to
 * two seconds after they went out (SIMULATED_RESULTS_DELAY=PT1S), whose results the result rules write back.
 * {@code --instances 2} (PostgreSQL only) starts a second app on the same database that takes no sync of its own:
 * both share the inbox and the sends; afterwards the two outboxes are compared for keys sent by both.
 */
public final class EndToEndRun {
    /** One line per heap space: G1 has one ("garbage-first heap"), the parallel collector two (young and old). */
    private static final Pattern HEAP_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");
    /** A full loop is over once nothing moved for this long with every queue empty (results come 1-2 s after a send). */
    private static final Duration FULL_LOOP_QUIET = Duration.ofSeconds(6);

    private EndToEndRun() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = IngestLoad.options(args);
        int candidates = Integer.parseInt(opts.getOrDefault("candidates", "100000"));
        int maxMinutes = Integer.parseInt(opts.getOrDefault("max-minutes", "15"));
        String jvmOptions = opts.getOrDefault("jvm", AppProcess.DEFAULT_JVM_OPTIONS);
        int port = Integer.parseInt(opts.getOrDefault("port", "18081"));
        boolean jfr = Boolean.parseBoolean(opts.getOrDefault("jfr", "true"));
        boolean fullLoop = "full".equals(opts.getOrDefault("loop", "candidates"));
        String db = opts.getOrDefault("db", "sqlite");
        int instances = Integer.parseInt(opts.getOrDefault("instances", "1"));
        // --warm W: a first sync of W other candidates, not measured, then the measured sync in the same process, as
        // a long-running instance meets its next sync with its code compiled (the JIT's work is paid at the first).
        int warm = Integer.parseInt(opts.getOrDefault("warm", "0"));
        if (warm > 0 && (fullLoop || instances > 1)) {
            throw new IllegalArgumentException("--warm runs with --loop candidates and one instance");
        }
        if (instances > 1 && !"postgres".equals(db)) {
            throw new IllegalArgumentException("--instances 2 needs --db postgres: an embedded store belongs to one process");
        }
        Path project = Path.of("").toAbsolutePath();
        Path work = opts.containsKey("work") ? Path.of(opts.get("work")) : Files.createTempDirectory("bench-e2e-");
        Files.createDirectories(work);

        Path samples = work.resolve("samples");
        long genStart = System.nanoTime();
        E2eSamples.Written written = warm > 0
                ? new E2eSamples().generate(project.resolve("samples/knit"), samples, 0, warm, false)
                : new E2eSamples().generate(project.resolve("samples/knit"), samples, candidates, fullLoop);
        System.out.printf("generated %s in %s (%.1f s)%n", written, samples, (System.nanoTime() - genStart) / 1e9);
        // The warm-up's second sync is started as an operator would, through the admin API: a token of this run's own.
        byte[] tokenBytes = new byte[16];
        new SecureRandom().nextBytes(tokenBytes);
        String adminToken = HexFormat.of().formatHex(tokenBytes);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("KNIT_SANDBOX_SAMPLES", samples.toString());
        env.put("RULES_RELOAD", "false");
        if (warm > 0) {
            env.put("ADMIN_TOKEN", adminToken);
        }
        if (fullLoop) {
            env.put("KNIT_DATA_TYPES", "ats_candidates,ats_applications,ats_jobs");
            env.put("SIMULATED_RESULTS_SHARE", "0.7");
            env.put("SIMULATED_RESULTS_DELAY", "PT1S");
        } else {
            env.put("KNIT_DATA_TYPES", "ats_candidates");
            env.put("SIMULATED_RESULTS_SHARE", "0");
        }
        StoreSize store = null;
        VacuumStandIn vacuum = null;
        if ("postgres".equals(db)) {
            String pgUrl = opts.getOrDefault("pg-url", "jdbc:postgresql://127.0.0.1:5432/test");
            IngestLoad.freshSchema(pgUrl, "postgres", "bench_e2e");
            vacuum = VacuumStandIn.startIfNeeded(pgUrl, "bench_e2e");
            env.put("DB_URL", pgUrl + "?currentSchema=bench_e2e");
            env.put("DB_USER", "postgres");
            env.put("DB_PASSWORD", "");
        } else if ("sqlite".equals(db)) {
            Path dbFile = work.resolve("data/candidate-router.db");
            env.put("DB_URL", "jdbc:sqlite:" + dbFile);
            store = StoreSize.sqlite(dbFile, work.resolve("store-copies"));
        } else {
            Path dbPath = work.resolve("data/candidate-router");
            env.put("DB_URL", "jdbc:h2:file:" + dbPath + opts.getOrDefault("h2-options", ""));
            store = StoreSize.h2(dbPath, work.resolve("store-copies"));
        }
        for (String pair : opts.getOrDefault("env", "").split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        List<String> jvm = new ArrayList<>(AppProcess.jvmOptions(jvmOptions));
        Path recording = work.resolve("e2e.jfr");
        if (jfr) {
            jvm.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
        }
        System.out.printf("e2e: %d candidates%s, loop %s, db %s, %d instance(s), jvm %s, env %s, work %s%n", candidates,
                warm > 0 ? " after a warm-up sync of " + warm : "", fullLoop ? "full" : "candidates", db, instances, jvm,
                shown(env), work);

        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(maxMinutes).toNanos();
        Map<Integer, String> heapAt = new LinkedHashMap<>();
        int total = warm + candidates;
        int[] heapMarks = java.util.stream.IntStream.of(10_000, 50_000, total).filter(m -> m <= total)
                .distinct().sorted().toArray();
        int nextHeapMark = 0;
        // Each mark freezes the app while the store is copied; with a warm-up the copies would be of the larger store
        // of both syncs, inside the measured one: the store is then measured at the end only.
        int nextStoreMark = warm > 0 ? Integer.MAX_VALUE : 10_000;
        Progress last = null;
        Progress lastChange = null;
        Progress firstReading = null;
        double firstReadingAt = 0;
        double lastAt = 0;
        Progress printed = null;
        double printedAt = 0;
        double lastChangeAt = 0;
        double doneAt = -1;
        List<AppProcess> apps = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                Map<String, String> own = new LinkedHashMap<>(env);
                own.put("OUTBOX_DIR", work.resolve("outbox-" + i).toString());
                own.put("ATTACHMENTS_DIR", work.resolve("attachments-" + i).toString());
                if (i > 0) {
                    own.put("KNIT_SYNC_ON_START", "false"); // the first instance syncs; the others share its work
                }
                apps.add(AppProcess.start(project, jvm, own, port + i, work.resolve("app-" + i + ".log")));
            }
            for (AppProcess app : apps) {
                app.awaitWebhook(Duration.ofSeconds(120));
            }
            System.out.printf("webhook route(s) up after %.1f s%n", (System.nanoTime() - start) / 1e9);
            if (warm > 0) {
                warmUp(apps.get(0), warm, deadline, start);
                // The measured sync's candidates replace the warm-up's in the sandbox's folder (read at each sync).
                try (Stream<Path> old = Files.walk(samples)) {
                    old.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
                new E2eSamples().generate(project.resolve("samples/knit"), samples, warm, candidates, false);
                written = new E2eSamples.Written(total, 0, 0); // both syncs' records are in the store by the end
                start = System.nanoTime();
                apps.get(0).startSync(adminToken);
                System.out.printf("measured sync of %d new candidates started%n", candidates);
            }
            // Start-up (JIT, rule compilation) is left out of the CPU per candidate: it does not grow with them.
            List<Duration> cpuAtStart = apps.stream().map(AppProcess::cpuTime).toList();
            AppProcess.Jit jitAtStart = apps.get(0).jit();
            AppProcess.Io ioAtStart = apps.get(0).io();
            MachineCpu machineAtStart = MachineCpu.read();
            ServerCpu serverAtStart = "postgres".equals(db) ? ServerCpu.read() : null;
            long lastPrint = 0;
            while (System.nanoTime() < deadline && apps.stream().allMatch(AppProcess::isAlive)) {
                try {
                    last = Progress.read(apps);
                } catch (java.io.IOException slowScrape) {
                    System.out.printf("metrics not read this time (%s); next second%n", slowScrape);
                    Thread.sleep(1000);
                    continue;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                lastAt = seconds;
                if (!last.sameWork(lastChange)) {
                    lastChange = last;
                    lastChangeAt = seconds;
                }
                while (nextHeapMark < heapMarks.length && last.decisions >= heapMarks[nextHeapMark]) {
                    heapAt.put(heapMarks[nextHeapMark], heapUsed(apps.get(0)) + String.format(" at %.0f s, RSS %d MiB",
                            seconds, apps.get(0).rssKib() / 1024));
                    System.out.printf("heap after %d decisions: %s%n", heapMarks[nextHeapMark], heapAt.get(heapMarks[nextHeapMark]));
                    nextHeapMark++;
                }
                while (store != null && nextStoreMark <= total && last.decisions >= nextStoreMark) {
                    store.mark(String.format("%06d-decisions", nextStoreMark), apps.get(0).pid());
                    nextStoreMark += 10_000;
                }
                if (firstReading == null) {
                    firstReading = last;
                    firstReadingAt = seconds;
                }
                if (System.nanoTime() - lastPrint > 10e9) {
                    System.out.printf("%6.0f s: %s%s%s%n", seconds, last,
                            store == null ? "" : String.format(" store %.0f MiB", store.currentBytes() / 1048576.0),
                            printed == null ? "" : last.writer.since(printed.writer, seconds - printedAt));
                    lastPrint = System.nanoTime();
                    printed = last;
                    printedAt = seconds;
                }
                boolean queuesEmpty = last.decisions >= total && last.eventsStored >= written.records()
                        && last.inboxBacklog == 0 && last.dispatchWaiting == 0;
                if (queuesEmpty && !fullLoop) {
                    doneAt = seconds;
                    break;
                }
                if (queuesEmpty && seconds - lastChangeAt >= FULL_LOOP_QUIET.toSeconds()) {
                    doneAt = lastChangeAt; // the loop ended when the last result or write was done
                    break;
                }
                Thread.sleep(1000);
            }
            double wall = doneAt >= 0 ? doneAt : (System.nanoTime() - start) / 1e9;
            MachineCpu machineAtEnd = MachineCpu.read();
            ServerCpu serverAtEnd = serverAtStart == null ? null : ServerCpu.read();
            Duration cpu = Duration.ZERO;
            for (int i = 0; i < apps.size(); i++) {
                cpu = cpu.plus(apps.get(i).cpuTime().minus(cpuAtStart.get(i)));
            }
            System.out.println(doneAt >= 0 ? "every record processed and every send done" : "STOPPED before the end (time box or app exit)");
            // Done: every candidate went through the whole loop. Stopped early: the decisions so far (a full loop
            // decides some candidates more than once, so that figure is an upper bound).
            long through = doneAt >= 0 ? candidates
                    : last == null ? 0 : Math.max(0, Math.min(candidates, last.decisions - warm));
            System.out.printf("RESULT loop=%s db=%s instances=%d warm-up=%d candidates=%d decisions=%d wall=%.1fs"
                    + " candidates/s=%.1f%n",
                    fullLoop ? "full" : "candidates", db, instances, warm, candidates, last == null ? 0 : last.decisions,
                    wall, through / wall);
            if (last != null) {
                System.out.printf("RESULT %s%n", last);
                String writer = last.writer.since(firstReading.writer, lastAt - firstReadingAt);
                if (!writer.isEmpty()) {
                    System.out.printf("RESULT store%s, from the webhooks up to the end%n", writer);
                }
                System.out.printf("RESULT pool (candidate-router): %s, from the webhooks up to the end%n",
                        last.pool.since(firstReading.pool));
            }
            for (int i = 0; i < apps.size(); i++) {
                System.out.printf("RESULT instance %d peak-rss=%dMiB%n", i, apps.get(i).peakRssKib() / 1024);
            }
            // CPU, not wall: the same work measured apart from what else the machine ran meanwhile (the in-process
            // Knit sandbox's sending is counted too), read when the run ended.
            System.out.printf("RESULT cpu=%.1fs (user+system, all instances, from the webhooks up) = %.2f ms per candidate%n",
                    cpu.toMillis() / 1000.0, (double) cpu.toMillis() / Math.max(1, through));
            if (machineAtStart != null && machineAtEnd != null) {
                MachineCpu during = machineAtEnd.since(machineAtStart);
                double others = during.busySeconds() - cpu.toMillis() / 1000.0;
                // What the app's own figure leaves out: on PostgreSQL mostly the server's processes.
                System.out.printf("RESULT machine: %.0f%% of all cores busy, %.1fs; besides the app(s) %.1fs (database"
                        + " server, kernel threads, this benchmark) = %.2f ms per candidate%n", 100 * during.busyShare(),
                        during.busySeconds(), others, 1000 * others / Math.max(1, through));
            }
            if (serverAtEnd != null && !serverAtEnd.isEmpty()) {
                // The part of "besides the app" that was PostgreSQL's own processes (vacuum's stand-in included).
                double server = serverAtEnd.secondsSince(serverAtStart);
                System.out.printf("RESULT database server: %.1fs of CPU in PostgreSQL's processes on this machine = %.2f ms"
                        + " per candidate%n", server, 1000 * server / Math.max(1, through));
            }
            AppProcess.Io ioAtEnd = apps.get(0).io();
            if (ioAtStart != null && ioAtEnd != null) {
                AppProcess.Io during = ioAtEnd.since(ioAtStart);
                // On SQLite the reads are mostly pages its own cache does not hold, from the OS's page cache; on
                // PostgreSQL, the driver's socket.
                System.out.printf("RESULT io (instance 0, the measured run): read %.2f GiB in %d calls, wrote %.2f GiB in"
                        + " %d calls, %.2f GiB of it to the disk; per candidate %.1f reads, %.1f writes%n",
                        during.readBytes() / 1073741824.0, during.readCalls(), during.writtenBytes() / 1073741824.0,
                        during.writeCalls(), during.diskWrittenBytes() / 1073741824.0,
                        (double) during.readCalls() / Math.max(1, through),
                        (double) during.writeCalls() / Math.max(1, through));
            }
            AppProcess.Jit jitAtEnd = apps.get(0).isAlive() ? apps.get(0).jit() : null;
            if (jitAtStart != null && jitAtEnd != null) {
                AppProcess.Jit during = jitAtEnd.since(jitAtStart);
                double cpuSeconds = apps.get(0).cpuTime().minus(cpuAtStart.get(0)).toMillis() / 1000.0;
                // Compiling is CPU-bound work on the compiler threads: its seconds are (nearly) CPU seconds.
                System.out.printf("RESULT jit: %d compilations, %.1f s compiling in the measured run (%.0f%% of instance 0's"
                        + " CPU); %d, %.1f s since the JVM started%n", during.compiles(), during.seconds(),
                        100 * during.seconds() / Math.max(0.001, cpuSeconds),
                        jitAtEnd.compiles(), jitAtEnd.seconds());
            }
            outboxes(work, instances);
            heapAt.forEach((k, v) -> System.out.printf("RESULT heap after %d: %s%n", k, v));
            AppProcess first = apps.get(0);
            if (first.isAlive()) {
                first.jcmd("GC.run");
                System.out.printf("RESULT heap used after a full GC at the end: %s%n", heapUsed(first));
                if (jfr) {
                    System.out.println(first.jcmd("JFR.dump", "filename=" + recording).strip());
                }
            }
            if (store != null) {
                store.mark("end-of-run", apps.get(0).pid());
            }
        } finally {
            for (AppProcess app : apps) {
                app.close();
            }
            if (vacuum != null) {
                vacuum.close();
                if (!vacuum.summary().isEmpty()) {
                    System.out.printf("RESULT vacuum stand-in (vacuums/analyzes per table): %s%n", vacuum.summary());
                }
            }
        }
        if (store != null) {
            System.out.printf("RESULT store after the app stopped: %.1f MiB%n", store.currentBytes() / 1048576.0);
            store.report();
        }
        if (jfr && Files.exists(recording)) {
            ProfileSummary.print(recording, 25);
        }
    }

    /** The app's settings as printed: the admin token (random, this run's own) is not. */
    private static Map<String, String> shown(Map<String, String> env) {
        Map<String, String> shown = new LinkedHashMap<>(env);
        shown.replace("ADMIN_TOKEN", "(random)");
        return shown;
    }

    /**
     * Waits until the warm-up sync is done (every candidate decided, nothing in the inbox, no send waiting) and prints
     * how long it took the cold process.
     */
    private static void warmUp(AppProcess app, int warm, long deadline, long launched) throws Exception {
        while (System.nanoTime() < deadline && app.isAlive()) {
            Progress now;
            try {
                now = Progress.read(List.of(app));
            } catch (java.io.IOException slowScrape) {
                Thread.sleep(1000);
                continue;
            }
            boolean done = now.decisions >= warm && now.eventsStored >= warm && now.inboxBacklog == 0
                    && now.dispatchWaiting == 0;
            if (done) {
                double seconds = (System.nanoTime() - launched) / 1e9;
                AppProcess.Jit jit = app.jit();
                String compiled = jit == null ? ""
                        : String.format("; the JIT so far: %d compilations, %.1f s compiling", jit.compiles(), jit.seconds());
                System.out.printf("RESULT warm-up sync: %d candidates in %.1f s from launch (%.1f candidates/s, cold)%s%n",
                        warm, seconds, warm / seconds, compiled);
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the warm-up sync did not finish in the time box");
    }

    /**
     * The SQLite writer's use (the app's candidate_router_store_* counters, WriterLock), summed over the instances;
     * all zero on PostgreSQL and H2, which serve none. Differences of two readings say how busy the writer was between
     * them.
     */
    private record WriterUse(double heldSeconds, double waitSeconds, long turns, long commits, double commitSeconds) {
        static final WriterUse NONE = new WriterUse(0, 0, 0, 0, 0);

        static WriterUse of(AppMetrics m) {
            return new WriterUse(m.total("candidate_router_store_writer_held_seconds_total"),
                    m.total("candidate_router_store_writer_wait_seconds_total"),
                    m.sum("candidate_router_store_writer_turns_total"), m.sum("candidate_router_store_commits_total"),
                    m.total("candidate_router_store_commit_seconds_total"));
        }

        WriterUse plus(WriterUse o) {
            return new WriterUse(heldSeconds + o.heldSeconds, waitSeconds + o.waitSeconds, turns + o.turns,
                    commits + o.commits, commitSeconds + o.commitSeconds);
        }

        /** Since {@code earlier}, over {@code seconds} of wall time: empty when there is no writer (not SQLite). */
        String since(WriterUse earlier, double seconds) {
            long turnsThen = turns - earlier.turns;
            if (turnsThen == 0 || seconds <= 0) {
                return "";
            }
            long commitsThen = commits - earlier.commits;
            return String.format(" writer held %.0f%% waited %.0f%% (sum of threads) turns %d commits %d avg %.2f ms",
                    100 * (heldSeconds - earlier.heldSeconds) / seconds, 100 * (waitSeconds - earlier.waitSeconds) / seconds,
                    turnsThen, commitsThen, commitsThen == 0 ? 0 : 1000 * (commitSeconds - earlier.commitSeconds) / commitsThen);
        }
    }

    /**
     * The main connection pool's use (HikariCP's meters, pool candidate-router), summed over the instances: threads
     * waiting for a connection now, connections handed out and the time spent waiting for them so far.
     */
    private record PoolUse(long pending, long acquires, double waitSeconds) {
        static final PoolUse NONE = new PoolUse(0, 0, 0);

        static PoolUse of(AppMetrics m) {
            var pool = AppMetrics.label("pool", "candidate-router");
            return new PoolUse(m.sum("hikaricp_connections_pending", pool),
                    m.sum("hikaricp_connections_acquire_seconds_count", pool),
                    m.total("hikaricp_connections_acquire_seconds_sum", pool));
        }

        PoolUse plus(PoolUse o) {
            return new PoolUse(pending + o.pending, acquires + o.acquires, waitSeconds + o.waitSeconds);
        }

        /** Since {@code earlier}: connections handed out and the wait for them. */
        String since(PoolUse earlier) {
            long handedOut = acquires - earlier.acquires;
            double waited = waitSeconds - earlier.waitSeconds;
            return String.format("%d connections handed out, %.1f s waited for them in all (%.0f µs each)", handedOut,
                    waited, handedOut == 0 ? 0 : 1e6 * waited / handedOut);
        }
    }

    /**
     * What the apps' metrics say, summed over the instances (gauges read the shared tables: taken from one). The sends
     * done are the instances' counters: the sent gauge may be a minute old, and the run's end is when they stop moving.
     */
    private record Progress(long decisions, long eventsStored, long inboxBacklog, long dispatchSent,
                            long dispatchWaiting, long dispatchOther, long results, WriterUse writer, PoolUse pool) {
        static Progress read(List<AppProcess> apps) throws IOException, InterruptedException {
            long decisions = 0;
            long stored = 0;
            long results = 0;
            long sent = 0;
            WriterUse writer = WriterUse.NONE;
            PoolUse pool = PoolUse.NONE;
            AppMetrics shared = null;
            for (AppProcess app : apps) {
                AppMetrics m = AppMetrics.scrape(app.managementPort());
                writer = writer.plus(WriterUse.of(m));
                pool = pool.plus(PoolUse.of(m));
                decisions += m.sum("candidate_router_decisions_total");
                stored += m.sum("candidate_router_webhook_events_total", AppMetrics.label("outcome", "stored"));
                results += m.sum("candidate_router_assessment_results_total", AppMetrics.label("outcome", "stored"));
                // Counted by the process that sent (the gauge's sent total may be a minute old: TableCounts).
                sent += m.sum("candidate_router_sends_total");
                shared = shared == null ? m : shared;
            }
            return new Progress(decisions, stored, shared.sum("candidate_router_inbox_backlog"),
                    sent,
                    shared.sum("candidate_router_dispatches", AppMetrics.label("status", "pending", "sending")),
                    shared.sum("candidate_router_dispatches", AppMetrics.label("status", "failed_permanent", "dead",
                            "cancelled", "review")),
                    results, writer, pool);
        }

        boolean sameWork(Progress other) {
            return other != null && decisions == other.decisions && eventsStored == other.eventsStored
                    && dispatchSent == other.dispatchSent && results == other.results;
        }

        @Override
        public String toString() {
            return "decisions=" + decisions + " events-stored=" + eventsStored + " inbox-backlog=" + inboxBacklog
                    + " sent=" + dispatchSent + " waiting=" + dispatchWaiting + " failed/cancelled/review=" + dispatchOther
                    + " results=" + results + " pool-pending=" + pool.pending;
        }
    }

    /** Files per outbox, and keys found in more than one (a send done by two instances: a duplicate). */
    private static void outboxes(Path work, int instances) throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Long> byChannel = new java.util.TreeMap<>();
        long total = 0;
        for (int i = 0; i < instances; i++) {
            Path dir = work.resolve("outbox-" + i);
            long files = 0;
            if (Files.isDirectory(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                        seen.merge(dir.relativize(f).toString(), 1, Integer::sum);
                        byChannel.merge(dir.relativize(f).getName(0).toString(), 1L, Long::sum);
                        files++;
                    }
                }
            }
            total += files;
            System.out.printf("RESULT instance %d outbox files=%d%n", i, files);
        }
        long duplicates = seen.values().stream().filter(n -> n > 1).count();
        System.out.printf("RESULT outbox files=%d %s distinct keys=%d written by more than one instance=%d%n", total,
                byChannel, seen.size(), duplicates);
    }

    private static String heapUsed(AppProcess app) throws IOException, InterruptedException {
        Matcher m = HEAP_USED.matcher(app.jcmd("GC.heap_info"));
        long committedKib = 0;
        long usedKib = 0;
        boolean found = false;
        while (m.find()) {
            committedKib += Long.parseLong(m.group(1));
            usedKib += Long.parseLong(m.group(2));
            found = true;
        }
        return found ? String.format("used %d MiB of %d MiB committed", usedKib / 1024, committedKib / 1024) : "unknown";
    }
}
