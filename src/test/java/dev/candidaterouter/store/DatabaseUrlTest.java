package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database is closed by the process, not by H2's shutdown hook, where H2 allows it; and it keeps H2's
 * safe retention of freed chunks.
 */
class DatabaseUrlTest {
    @TempDir
    Path dir;

    @Test
    void anEmbeddedH2IsClosedByUsUnlessTheUrlSaysOtherwiseOrSharesTheFile() {
        assertThat(Database.closedByUs("jdbc:h2:file:./data/x")).isEqualTo("jdbc:h2:file:./data/x;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(Database.closedByUs("jdbc:h2:file:./data/x;DB_CLOSE_ON_EXIT=TRUE")).isEqualTo("jdbc:h2:file:./data/x;DB_CLOSE_ON_EXIT=TRUE");
        assertThat(Database.closedByUs("jdbc:h2:tcp://db/x")).isEqualTo("jdbc:h2:tcp://db/x");
        assertThat(Database.closedByUs("jdbc:postgresql://db/x")).isEqualTo("jdbc:postgresql://db/x");
        // H2 refuses DB_CLOSE_ON_EXIT=FALSE beside AUTO_SERVER: such a URL (the fault tests') opens as it is.
        String shared = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        assertThat(Database.closedByUs(shared)).isEqualTo(shared);
        try (Database database = Database.open(shared, "sa", "", 2)) {
            assertThat(database.isReachable()).isTrue();
        }
    }

    /**
     * H2 keeps a freed chunk for RETENTION_TIME (45 s) because a reader may still be walking an older version of a
     * map through it. With 0 (tried in round 6 to keep the file small) a 20,000-candidate run failed a commit with
     * "MVStoreException: Chunk 1013 not found" (H2 issue 4383), so the embedded file keeps H2's default.
     */
    @Test
    void anEmbeddedH2FileKeepsFreedChunksForH2sRetentionTime() throws Exception {
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("own").toAbsolutePath(), "sa", "", 2)) {
            assertThat(new Jdbc(database.dataSource()).query(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'RETENTION_TIME'",
                    rs -> rs.getString(1))).isNotEmpty().containsOnly("45000");
        }
    }

    /**
     * SQLite opens in WAL mode with synchronous=NORMAL (1) and a busy timeout, in a folder it creates, and keeps the
     * pragmas a URL sets itself; it is migrated from its own baseline, to the same version as the other databases.
     */
    @Test
    void anSqliteFileOpensInWalModeInAFolderItCreatesAndAUrlsOwnPragmasWin() throws Exception {
        Path file = dir.resolve("not/yet/there/router.db");
        try (Database database = Database.open("jdbc:sqlite:" + file, "", "", 2)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            assertThat(jdbc.dialect()).isEqualTo(Dialect.SQLITE);
            assertThat(jdbc.query("PRAGMA journal_mode", rs -> rs.getString(1))).containsExactly("wal");
            assertThat(jdbc.query("PRAGMA synchronous", rs -> rs.getInt(1))).containsExactly(1);
            assertThat(jdbc.query("PRAGMA busy_timeout", rs -> rs.getInt(1))).containsExactly(30000);
            assertThat(jdbc.query("SELECT MAX(version) FROM flyway_schema_history", rs -> rs.getString(1)))
                    .containsExactly(latestMigration());
        }
        assertThat(file).exists();
        try (Database database = Database.open("jdbc:sqlite:" + file + "?synchronous=FULL", "", "", 2)) {
            assertThat(new Jdbc(database.dataSource()).query("PRAGMA synchronous", rs -> rs.getInt(1))).containsExactly(2);
        }
    }

    /**
     * The highest version H2 and PostgreSQL migrate to (the shared folder and each one's own): SQLite's baseline folder
     * must reach it too. H2's and PostgreSQL's own folders hold the same versions, so both reach it.
     */
    private static String latestMigration() throws Exception {
        java.util.Set<Integer> h2 = versions("db/migration-h2");
        assertThat(versions("db/migration-postgresql")).isEqualTo(h2);
        return String.valueOf(java.util.stream.Stream.concat(versions("db/migration").stream(), h2.stream())
                .mapToInt(Integer::intValue).max().orElseThrow());
    }

    private static java.util.Set<Integer> versions(String folder) throws Exception {
        try (var files = java.nio.file.Files.list(Path.of("src/main/resources").resolve(folder))) {
            return files.map(f -> f.getFileName().toString())
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).collect(java.util.stream.Collectors.toSet());
        }
    }
}
