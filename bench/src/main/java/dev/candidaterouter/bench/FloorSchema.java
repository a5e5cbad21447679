package dev.candidaterouter.bench;

import dev.candidaterouter.store.Database;
import java.util.Map;

/**
 * Makes the schema {@code bench_floor} in PostgreSQL afresh, migrated by the app's own Flyway migrations, for the
 * pgbench scripts of {@code bench/pg-floor/} ({@code bench/run pgfloor}): the server's work per candidate measured on
 * the tables and indexes the app has, without the app.
 *
 * <pre>FloorSchema [--pg-url jdbc:postgresql://127.0.0.1:5432/test]</pre>
 */
public final class FloorSchema {
    static final String SCHEMA = "bench_floor";

    private FloorSchema() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = IngestLoad.options(args);
        String url = opts.getOrDefault("pg-url", "jdbc:postgresql://127.0.0.1:5432/test");
        IngestLoad.freshSchema(url, "postgres", SCHEMA);
        try (Database migrated = Database.open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                "postgres", "", 2)) {
            System.out.println("schema " + SCHEMA + " migrated");
        }
    }
}
