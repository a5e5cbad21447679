package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/compare runs two commits in the order base, change, change, base, each from its own worktree, and averages
 * their figures. In a throwaway repository a stand-in {@code bench/run} prints the RESULT lines the real one prints,
 * with figures that differ by commit, and notes which commit ran; nothing is built or benchmarked.
 */
class BenchCompareScriptTest {
    @TempDir
    Path repo;

    @Test
    void runsBaseChangeChangeBaseAndAveragesEachCommit() throws Exception {
        Path order = repo.resolve("order.txt");
        Files.createDirectories(repo.resolve("bench"));
        Files.copy(Path.of("bench/compare"), repo.resolve("bench/compare"));
        Path run = repo.resolve("bench/run");
        Files.writeString(run, """
                #!/bin/sh
                cat label >> "$ORDER_LOG"
                echo "== end to end"
                echo "RESULT loop=candidates db=sqlite instances=1 candidates=100 decisions=100 wall=1.0s candidates/s=$(cat rate)"
                echo "RESULT cpu=1.0s (user+system, all instances, from the webhooks up) = $(cat cpu) ms per candidate"
                echo "RESULT outbox files=3 {email=3} distinct keys=3 written by more than one instance=0"
                """);
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        git("init", "-q");
        String base = commit("base", "100", "4.00");
        String change = commit("change", "110", "3.60");

        Result r = run(order, "bash", "bench/compare", base, change);

        assertThat(r.exit).as(r.out).isZero();
        assertThat(Files.readAllLines(order)).containsExactly("base", "change", "change", "base");
        assertThat(r.out)
                .contains("RESULT base mean of 2 runs: 100.0 candidates/s, 4.00 ms CPU per candidate")
                .contains("RESULT change mean of 2 runs: 110.0 candidates/s, 3.60 ms CPU per candidate")
                .contains("RESULT change against base: +10.0% candidates/s, -10.0% CPU per candidate");
        assertThat(git("worktree", "list").out.lines()).as("worktrees removed").hasSize(1);
        try (var dirs = Files.list(repo.resolve("target/bench"))) {
            Path runs = dirs.filter(p -> p.getFileName().toString().startsWith("compare-")).findFirst().orElseThrow();
            assertThat(runs.resolve("summary.txt")).content().contains("change against base");
            assertThat(runs.resolve("run-4-base.txt")).exists();
        }
    }

    @Test
    void refusesWhatIsNotACommit() throws Exception {
        Files.createDirectories(repo.resolve("bench"));
        Files.copy(Path.of("bench/compare"), repo.resolve("bench/compare"));
        git("init", "-q");

        Result r = run(repo.resolve("order.txt"), "bash", "bench/compare", "no-such-commit");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).contains("not a commit: no-such-commit");
    }

    private String commit(String label, String rate, String cpu) throws Exception {
        Files.writeString(repo.resolve("label"), label + "\n");
        Files.writeString(repo.resolve("rate"), rate);
        Files.writeString(repo.resolve("cpu"), cpu);
        git("add", "-A");
        git("-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false", "commit", "-q", "-m", label);
        return git("rev-parse", "HEAD").out.strip();
    }

    private Result git(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        Result r = run(null, command);
        assertThat(r.exit).as("git %s: %s", List.of(args), r.out).isZero();
        return r;
    }

    private Result run(Path orderLog, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bench-compare", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        if (orderLog != null) {
            pb.environment().put("ORDER_LOG", orderLog.toString());
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        Files.delete(out);
        return new Result(p.exitValue(), text);
    }

    private record Result(int exit, String out) {
    }
}
