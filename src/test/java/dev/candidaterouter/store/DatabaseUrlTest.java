package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database is closed by the process, not by H2's shutdown hook, where H2 allows it; and it reuses freed
 * space at once.
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

    @Test
    void anEmbeddedH2FileReusesFreedSpaceAtOnceUnlessTheUrlSaysOtherwise() throws Exception {
        assertThat(Database.reusingFreedSpace("jdbc:h2:file:./data/x")).isEqualTo("jdbc:h2:file:./data/x;RETENTION_TIME=0");
        assertThat(Database.reusingFreedSpace("jdbc:h2:file:./data/x;retention_time=45000"))
                .isEqualTo("jdbc:h2:file:./data/x;retention_time=45000");
        assertThat(Database.reusingFreedSpace("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
        assertThat(Database.reusingFreedSpace("jdbc:postgresql://db/x")).isEqualTo("jdbc:postgresql://db/x");
        try (Database database = Database.open("jdbc:h2:file:" + dir.resolve("own").toAbsolutePath(), "sa", "", 2)) {
            assertThat(new Jdbc(database.dataSource()).query(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'RETENTION_TIME'",
                    rs -> rs.getString(1))).isNotEmpty().containsOnly("0");
        }
    }
}
