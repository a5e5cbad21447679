package dev.candidaterouter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust auth, database {@code test}; {@code .ci/run} makes sure it is
 * up). Each call gives a fresh schema, so tests never see each other's rows.
 */
public final class Postgres {
    public static final String URL = System.getenv().getOrDefault("TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("TEST_PG_USER", "postgres");

    private Postgres() {
    }

    /** Creates an empty schema and returns a JDBC URL whose connections use it. */
    public static String freshSchemaUrl() throws Exception {
        String schema = "cr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return URL + "?currentSchema=" + schema;
    }
}
