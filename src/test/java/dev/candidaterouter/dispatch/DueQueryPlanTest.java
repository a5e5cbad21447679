package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The due-send query reads the index in order and stops after a batch. When H2 sorted instead, each poll read
 * every waiting send: 700 ms per poll with 100,000 waiting, and sends slowed to ~100/s (BENCHMARKS.md). SQLite,
 * the embedded default, must read the same index and sort nothing (no "TEMP B-TREE"); so must the reminder poll.
 */
class DueQueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void dueSendsAreReadInIndexOrderOnH2() {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("plan").toAbsolutePath(), "sa", "", 2)) {
            String plan = new Jdbc(db.dataSource()).queryOne("EXPLAIN " + DispatchRepository.DUE_QUERY.formatted(50),
                    rs -> rs.getString(1), DispatchRepository.PENDING, "EMAIL", Instant.now(), DispatchRepository.SENT).orElseThrow();
            assertThat(plan).contains("IX_DISPATCH_DUE_CHANNEL").contains("index sorted");
        }
    }

    @Test
    void dueSendsAreReadInIndexOrderOnSqlite() throws Exception {
        try (Database db = TestDatabases.open("sqlite", dir)) {
            List<String> plan = new Jdbc(db.dataSource()).query("EXPLAIN QUERY PLAN " + DispatchRepository.DUE_QUERY.formatted(50),
                    rs -> rs.getString("detail"), DispatchRepository.PENDING, "EMAIL", Instant.now(), DispatchRepository.SENT);
            assertThat(plan).anyMatch(step -> step.contains("USING INDEX ix_dispatch_due_channel"))
                    .noneMatch(step -> step.contains("TEMP B-TREE"))
                    // A result's stage move looks up its attachment in the partial index of result writes (V19).
                    .anyMatch(step -> step.contains("USING INDEX ix_dispatch_result_application_kind"));
        }
    }

    /** The reminder poll reads the open invitations in reminder order and stops after a batch (InvitationFollowUps). */
    @Test
    void dueRemindersAreReadInIndexOrderOnSqlite() throws Exception {
        try (Database db = TestDatabases.open("sqlite", dir)) {
            Instant now = Instant.now();
            List<String> plan = new Jdbc(db.dataSource()).query("EXPLAIN QUERY PLAN " + InvitationFollowUps.REMIND_DUE_QUERY.formatted(50),
                    rs -> rs.getString("detail"), InvitationFollowUps.OPEN, now, now);
            assertThat(plan).anyMatch(step -> step.contains("USING INDEX ix_dispatch_remind"))
                    .noneMatch(step -> step.contains("TEMP B-TREE"));
        }
    }
}
