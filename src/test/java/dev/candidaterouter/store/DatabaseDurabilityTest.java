package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 file writes each commit through, so a killed process loses nothing it acknowledged. */
class DatabaseDurabilityTest {
    @TempDir
    Path home;

    private static String writeDelay(Database db) {
        return new Jdbc(db.dataSource()).queryOne(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
                rs -> rs.getString(1)).orElseThrow();
    }

    @Test
    void h2FileDatabaseWritesEveryCommitThrough() {
        try (Database db = Database.open("jdbc:h2:file:" + home.resolve("db/a").toAbsolutePath(), "sa", "", 2)) {
            assertThat(writeDelay(db)).isEqualTo("0");
        }
    }

    @Test
    void aWriteDelayGivenInTheUrlIsKept() {
        try (Database db = Database.open("jdbc:h2:file:" + home.resolve("db/b").toAbsolutePath() + ";WRITE_DELAY=300", "sa", "", 2)) {
            assertThat(writeDelay(db)).isEqualTo("300");
        }
    }
}
