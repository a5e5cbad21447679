package dev.candidaterouter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * candidate-router's real entry point ({@link Application#main}) in a separate JVM, as an operator starts it:
 * working directory at the project root, settings in environment variables, everything it prints in one file.
 * The class path is the test JVM's own, so it works before {@code package} has copied {@code target/lib}.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ChildJvm(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static ChildJvm start(Map<String, String> env, Path output, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", classpath, Application.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        // Only what the test sets: the developer's own KNIT_API_KEY or DISPATCH_MODE must not leak into it.
        pb.environment().keySet().removeIf(k -> !List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR").contains(k));
        // A free management port unless the test chose one: the default (9876) may be taken on a developer's machine.
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(RunningApp.freePort()));
        pb.environment().putAll(env);
        return new ChildJvm(pb.start(), output);
    }

    /** Everything printed so far (stdout and stderr). */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once the process has ended by itself within {@code limit}; null if it is still running. */
    public Integer exitCode(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** A normal stop (SIGTERM), then SIGKILL if it does not end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

}
