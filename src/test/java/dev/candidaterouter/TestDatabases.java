package dev.candidaterouter;

import dev.candidaterouter.store.Database;
import java.nio.file.Path;

/** A fresh, migrated database for repository tests that run on H2, SQLite and PostgreSQL. */
public final class TestDatabases {
    /**
     * The embedded database the running-application tests use: SQLite, the application's default, unless the system
     * property {@code test.embedded.db} says {@code h2} ({@code mvn verify -Dtest.embedded.db=h2} runs them all on it).
     */
    public static final String EMBEDDED = System.getProperty("test.embedded.db", "sqlite");

    private TestDatabases() {
    }

    /**
     * {@code "postgres"}: a new schema in the tests' PostgreSQL ({@link Postgres}); {@code "sqlite"}: an SQLite file in
     * {@code dir}; anything else: an H2 file in {@code dir}.
     */
    public static Database open(String kind, Path dir) throws Exception {
        return "postgres".equals(kind)
                ? Database.open(Postgres.freshSchemaUrl(), Postgres.USER, Postgres.PASSWORD, 4)
                : Database.open(fileUrl(kind, dir.resolve("db")), "sa", "", 4);
    }

    /** The JDBC URL of an embedded database of this kind at {@code file} (without extension). */
    public static String fileUrl(String kind, Path file) {
        return "sqlite".equals(kind) ? "jdbc:sqlite:" + file.toAbsolutePath() + ".db" : "jdbc:h2:file:" + file.toAbsolutePath();
    }

    /**
     * The URL of the embedded database ({@link #EMBEDDED}) of an application whose home is {@code home}, for a test
     * that reads it from its own JVM while the application runs in another: H2 lets a second process in with
     * AUTO_SERVER; an SQLite file in WAL mode takes readers from any process as it is.
     */
    public static String sharedEmbeddedUrl(Path home) {
        String url = embeddedUrl(home);
        return "sqlite".equals(EMBEDDED) ? url : url + ";AUTO_SERVER=TRUE";
    }

    /** The URL of the embedded database ({@link #EMBEDDED}) of an application whose home is {@code home}. */
    public static String embeddedUrl(Path home) {
        return fileUrl(EMBEDDED, home.resolve("db/candidate-router"));
    }
}
