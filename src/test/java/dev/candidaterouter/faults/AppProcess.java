package dev.candidaterouter.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * candidate-router as operators run it: a separate JVM started from {@code target/classes} and
 * {@code target/lib} (copied by the faults profile), with the working directory at the project root and its
 * settings in environment variables. {@link #kill()} is SIGKILL: no shutdown hook, no flush, no goodbye.
 */
final class AppProcess {
    private final Process process;
    private final int port;

    private AppProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static AppProcess start(Map<String, String> env, Path log) throws IOException {
        Path lib = Path.of("target", "lib");
        assertThat(lib).as("target/lib (run with -Pfaults, which copies the runtime dependencies)").isDirectory();
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + lib.toAbsolutePath() + File.separator + "*";
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath, "dev.candidaterouter.Application")
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("SERVER_PORT", String.valueOf(port));
        // Its own management port too (not the default 9876): several processes may run at once.
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(freePort()));
        return new AppProcess(pb.start(), port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** True once the process answers on its health endpoint. */
    boolean answers() {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() > 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A normal stop (SIGTERM), for the end of a test. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
