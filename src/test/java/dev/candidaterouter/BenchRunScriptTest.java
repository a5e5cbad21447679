package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bench/run's BENCH_OFFLINE switch: how the script calls Maven. A stand-in {@code mvn} first on the PATH
 * records its arguments (and writes the class-path file the script reads), so nothing is built or benchmarked;
 * the unknown benchmark name "none" ends the script right after the build steps.
 */
class BenchRunScriptTest {
    @TempDir
    Path home;

    @ParameterizedTest(name = "BENCH_OFFLINE={0} -> offline={1}")
    @CsvSource(nullValues = "unset", value = {
            "unset, true",   // the default: repeat runs do not wait on the network
            "'', false",     // BENCH_OFFLINE= bench/run, as bench/README.md tells a fresh machine
            "false, false",
            "0, false",
            "true, true"})
    void benchOfflineDecidesWhetherMavenRunsOffline(String benchOffline, boolean offline) throws Exception {
        Path script = home.resolve("bench/run");
        Files.createDirectories(script.getParent());
        Files.copy(Path.of("bench/run"), script);
        Path calls = home.resolve("mvn-calls.txt");
        Path stubs = Files.createDirectories(home.resolve("stub-bin"));
        Path mvn = stubs.resolve("mvn");
        Files.writeString(mvn, """
                #!/bin/sh
                echo "$*" >> "%s"
                for a in "$@"; do case "$a" in -Dmdep.outputFile=*) : > "${a#-Dmdep.outputFile=}" ;; esac; done
                """.formatted(calls));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "none").redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        pb.environment().put("PATH", stubs + ":" + System.getenv("PATH"));
        pb.environment().remove("BENCH_OFFLINE");
        if (benchOffline != null) {
            pb.environment().put("BENCH_OFFLINE", benchOffline);
        }
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        String out = Files.readString(home.resolve("out.txt"));
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("unknown benchmark 'none'");
        List<String> mavenCalls = Files.readAllLines(calls);
        // One call builds and writes the class path: camel-drools, a module of the build, resolves only within it.
        assertThat(mavenCalls).as("mvn calls").singleElement().satisfies(call -> {
            List<String> args = List.of(call.split(" "));
            assertThat(args).contains("package", "dependency:build-classpath");
            assertThat(args.contains("-o")).as(call).isEqualTo(offline);
        });
    }
}
