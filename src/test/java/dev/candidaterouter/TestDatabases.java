package dev.candidaterouter;

import dev.candidaterouter.store.Database;
import java.nio.file.Path;

/** A fresh, migrated database for repository tests that run on both H2 and PostgreSQL. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** {@code "postgres"}: a new schema in the tests' PostgreSQL ({@link Postgres}); anything else: an H2 file in {@code dir}. */
    public static Database open(String kind, Path dir) throws Exception {
        return "postgres".equals(kind)
                ? Database.open(Postgres.freshSchemaUrl(), Postgres.USER, Postgres.PASSWORD, 4)
                : Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "sa", "", 4);
    }
}
