package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator deploys it (README "Going live"): {@code target/candidate-router-<version>.tar.gz}
 * unpacked into an empty folder, started with {@code bin/candidate-router} from another working directory, runs
 * the embedded Knit sandbox's samples through to the outbox. Runs with maven-failsafe after {@code package}, on
 * the tarball that {@code package} built (paths come from app-pom.xml as system properties).
 */
class DistributionIT {
    /** An invited decision's line names the channels it will send on: "via [ASSESSMENT, EMAIL, SMS]". */
    private static final Pattern DECISION_CHANNELS = Pattern.compile("d\\.c\\.decisions - candidate (\\S+) .* via \\[((?:ASSESSMENT|EMAIL|SMS)(?:, (?:ASSESSMENT|EMAIL|SMS))*)]");
    /** Every decision's line, invited or not: "candidate cand_0001 (...) -> ...". */
    private static final Pattern DECISION = Pattern.compile("d\\.c\\.decisions - candidate (\\S+) ");

    @TempDir
    Path tmp;

    @Test
    void unpackedTarballStartsWithItsScriptAndProcessesTheSamples() throws Exception {
        Path tarball = Path.of(System.getProperty("distribution.tarball", "target/candidate-router.tar.gz"));
        assertThat(tarball).as("the distribution built by mvn package").isRegularFile();

        Path unpacked = Files.createDirectories(tmp.resolve("opt"));
        assertThat(run(List.of("tar", "xzf", tarball.toAbsolutePath().toString()), unpacked, Map.of()).exitCode).isZero();
        Path home = unpacked.resolve(System.getProperty("distribution.folder", "candidate-router"));
        assertThat(home.resolve("bin/candidate-router")).isExecutable();
        assertThat(home.resolve("candidate-router.jar")).isRegularFile();
        for (String folder : List.of("lib", "routes", "rules", "templates", "samples/knit")) {
            assertThat(home.resolve(folder)).as(folder).isNotEmptyDirectory();
        }
        // What a run writes and what belongs to a server never ships.
        assertThat(home.resolve("data")).doesNotExist();
        assertThat(home.resolve("outbox")).doesNotExist();

        // Started from elsewhere, as a supervisor would: the script finds its own folder. Arguments pass through.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        String script = home.resolve("bin/candidate-router").toString();
        Ran help = run(List.of(script, "--help"), elsewhere, Map.of());
        assertThat(help.exitCode).as(help.output).isZero();
        assertThat(help.output).contains("rules check [rules-location]");
        // A collector named in JAVA_OPTS is the one used: the script adds its own (parallel) only when none is named,
        // as two would stop the JVM ("Conflicting collector combinations").
        Ran withG1 = run(List.of(script, "--help"), elsewhere,
                Map.of("JAVA_OPTS", "-XX:+UseG1GC -XX:+PrintCommandLineFlags"));
        assertThat(withG1.exitCode).as(withG1.output).isZero();
        assertThat(withG1.output).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseParallelGC");

        int samples;
        try (Stream<Path> files = Files.list(home.resolve("samples/knit"))) {
            samples = (int) files.filter(f -> f.toString().endsWith(".json")).count();
        }
        Path log = tmp.resolve("run.log");
        Process app = start(List.of(script), elsewhere, log, Map.of(
                "SERVER_PORT", String.valueOf(RunningApp.freePort()),
                "MANAGEMENT_PORT", String.valueOf(RunningApp.freePort()),
                // Two options: the script splits JAVA_OPTS into words. PrintCommandLineFlags shows they arrived.
                "JAVA_OPTS", "-Xmx384m -XX:+PrintCommandLineFlags"));
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .failFast("candidate-router ended; its output is in " + log, () -> !app.isAlive()).untilAsserted(() -> {
                String out = Files.readString(log);
                assertThat(out).contains("knit sync sync.events.processed for integration sandbox-integration: status=SUCCESS processed=" + samples);
                Map<String, Integer> planned = plannedSends(out);
                // Every sample candidate is decided (again when one of their applications arrives); only those with an
                // ACTIVE application in an assessment stage are invited (issue 14), and the log says why for the others.
                assertThat(DECISION.matcher(out).results().map(r -> r.group(1)).distinct().count()).as("decided candidates")
                        .isEqualTo(samples);
                assertThat(out).contains("not invited: no ACTIVE application in an assessment stage");
                assertThat(planned.get("assessment")).as("invited candidates").isEqualTo(WhoIsInvitedTest.INVITED.size());
                assertThat(outboxFiles(home)).as("outbox files per channel, as the decisions planned").isEqualTo(planned);
            });
            String out = Files.readString(log);
            // JAVA_OPTS arrived (both words), and with no collector named the script chose the parallel one.
            assertThat(out).contains("-XX:MaxHeapSize=402653184", "-XX:+PrintCommandLineFlags", "-XX:+UseParallelGC")
                    .doesNotContain("configuration error", "-XX:+UseG1GC");
            // Its SQLite database and outbox are in the unpacked folder, not in the folder it was started from.
            assertThat(home.resolve("data/candidate-router.db")).isRegularFile();
            try (Stream<Path> left = Files.list(elsewhere)) {
                assertThat(left).isEmpty();
            }
        } finally {
            // exec in the script: this is the JVM itself, so SIGTERM stops candidate-router cleanly.
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
        assertThat(Files.readString(log)).contains("Apache Camel (Main) 4.18.0 is shutdown");
    }

    /** Sends per channel: one per candidate and channel, however often the candidate was decided. */
    private static Map<String, Integer> plannedSends(String log) {
        Map<String, Integer> planned = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        Matcher m = DECISION_CHANNELS.matcher(log);
        while (m.find()) {
            for (String channel : m.group(2).split(", ")) {
                if (seen.add(m.group(1) + " " + channel)) {
                    planned.merge(channel.toLowerCase(), 1, Integer::sum);
                }
            }
        }
        return planned;
    }

    private static Map<String, Integer> outboxFiles(Path home) throws IOException {
        Map<String, Integer> files = new TreeMap<>();
        Path outbox = home.resolve("outbox");
        if (Files.isDirectory(outbox)) {
            try (Stream<Path> channels = Files.list(outbox)) {
                for (Path channel : channels.toList()) {
                    try (Stream<Path> sent = Files.list(channel)) {
                        files.put(channel.getFileName().toString(), (int) sent.filter(f -> f.toString().endsWith(".json")).count());
                    }
                }
            }
        }
        return files;
    }

    private record Ran(int exitCode, String output) {
    }

    private Ran run(List<String> command, Path dir, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Process p = start(command, dir, out, env);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
        return new Ran(p.exitValue(), Files.readString(out));
    }

    /** Only the environment the test sets: a developer's own KNIT_API_KEY or DISPATCH_MODE must not leak in. */
    private static Process start(List<String> command, Path dir, Path output, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.environment().keySet().removeIf(k -> !List.of("PATH", "HOME", "LANG", "TMPDIR").contains(k));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        return pb.start();
    }
}
