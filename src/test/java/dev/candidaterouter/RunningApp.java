package dev.candidaterouter;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import dev.candidaterouter.store.Jdbc;

/**
 * The real application (Camel Main, the YAML routes from routes/, the rules from rules/) started in the test JVM
 * on a free port (and its management endpoints on another, on loopback), with its H2 database and outbox in a test folder. Tests talk to it over HTTP and read its
 * tables, as an operator would.
 */
public final class RunningApp implements AutoCloseable {
    private final Main main;
    private final int port;
    private final int managementPort;
    private final Path home;

    private RunningApp(Main main, int port, int managementPort, Path home) {
        this.main = main;
        this.port = port;
        this.managementPort = managementPort;
        this.home = home;
    }

    /** KNIT_DATA_TYPES as shipped: candidates, applications (the invitation gate) and jobs. */
    public static final String ALL_DATA_TYPES = "ats_candidates,ats_applications,ats_jobs";

    /**
     * Default test settings: sandbox Knit without sync on start, the embedded database ({@link TestDatabases#EMBEDDED}) and outbox under {@code home}, and candidates only
     * (KNIT_DATA_TYPES=ats_candidates): most tests post a candidate's record alone and test what follows its
     * decision, so the rules' application gate is open for them. Tests of applications and of the shipped samples
     * set {@link #ALL_DATA_TYPES}.
     */
    public static Map<String, String> defaults(Path home) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("knit.data-types", "ats_candidates");
        p.put("db.url", TestDatabases.embeddedUrl(home));
        p.put("outbox.dir", home.resolve("outbox").toString());
        p.put("attachments.dir", home.resolve("attachments").toString());
        p.put("knit.sync-on-start", "false");
        p.put("knit.sandbox.api-key", TestEvents.API_KEY); // so tests can sign webhook events as the sandbox does
        p.put("inbox.poll-interval-ms", "50");
        p.put("dispatch.poll-interval-ms", "50");
        // Outbox mode's simulated platform completes invitations by itself after 10 s; tests of the follow-up must
        // not race it. Tests of results turn it on (SimulatedResultsTest).
        p.put("result.simulated-share", "0");
        return p;
    }

    public static RunningApp start(Path home, Map<String, String> overrides) throws Exception {
        int port = freePort();
        int managementPort = freePort();
        Main main = Application.newMain();
        main.addOverrideProperty("server.port", String.valueOf(port));
        main.addOverrideProperty("management.port", String.valueOf(managementPort));
        // The Knit sandbox's own server takes a port of this JVM's too: left at 0 the OS may hand it the number just
        // chosen for server.port (both from the ephemeral range), and the sandbox, bound to 127.0.0.1 first, then
        // answers the app's requests with 404s (seen once in AdminReplayTest).
        main.addOverrideProperty("knit.sandbox.port", String.valueOf(freePort()));
        overrides.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception | Error e) {
            main.stop(); // a context that failed to start must not keep its HTTP server for the next test
            throw e;
        }
        return new RunningApp(main, port, managementPort, home);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public int port() {
        return port;
    }

    /** The management port (health details, info, metrics), bound to 127.0.0.1. */
    public int managementPort() {
        return managementPort;
    }

    public Path home() {
        return home;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Jdbc jdbc() {
        return new Jdbc(context().getRegistry().lookupByNameAndType("dataSource", DataSource.class));
    }

    public HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, Map.of());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET on the management port, e.g. {@code management("/observe/metrics")}. */
    public HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        main.stop();
    }

    /**
     * A port free now and never handed out before in this JVM: a stopped app's server may release its port late
     * (Vert.x binds asynchronously), and the OS can offer the same number again to the next test.
     */
    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
