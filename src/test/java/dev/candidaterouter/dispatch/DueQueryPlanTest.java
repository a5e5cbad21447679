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
                    rs -> rs.getString(1), "EMAIL", Instant.now(), DispatchRepository.SENT).orElseThrow();
            assertThat(plan).contains("IX_DISPATCH_DUE_CHANNEL").contains("index sorted");
        }
    }

    @Test
    void dueSendsAreReadInIndexOrderOnSqlite() throws Exception {
        try (Database db = TestDatabases.open("sqlite", dir)) {
            List<String> plan = new Jdbc(db.dataSource()).query("EXPLAIN QUERY PLAN " + DispatchRepository.DUE_QUERY.formatted(50),
                    rs -> rs.getString("detail"), "EMAIL", Instant.now(), DispatchRepository.SENT);
            assertThat(plan).anyMatch(step -> step.contains("USING INDEX ix_dispatch_due_channel"))
                    .noneMatch(step -> step.contains("TEMP B-TREE"))
                    // A result's stage move looks up its attachment in the partial index of result writes (V19).
                    .anyMatch(step -> step.contains("USING INDEX ix_dispatch_result_application_kind"));
        }
    }

    /**
     * On SQLite the indexes only some sends are looked up by hold only those (V19): a notification's outcome or a row
     * without a result writes no entry into them.
     */
    @Test
    void theIndexesThatServeSomeSendsArePartialOnSqlite() throws Exception {
        try (Database db = TestDatabases.open("sqlite", dir)) {
            List<String> definitions = new Jdbc(db.dataSource()).query("SELECT sql FROM sqlite_master WHERE type = 'index'"
                    + " AND name IN ('ix_dispatch_expiry', 'ix_dispatch_provider', 'ix_dispatch_remind',"
                    + " 'ix_dispatch_result_application_kind') ORDER BY name", rs -> rs.getString(1));
            assertThat(definitions).satisfiesExactly(
                    expiry -> assertThat(expiry).endsWith("WHERE invitation_state IS NOT NULL"),
                    provider -> assertThat(provider).endsWith("WHERE channel = 'ASSESSMENT'"),
                    remind -> assertThat(remind).endsWith("WHERE invitation_state IS NOT NULL"),
                    results -> assertThat(results).endsWith("WHERE result_id IS NOT NULL"));
        }
    }

    /** The expiry poll reads the expiry index: only the invitations due are read (and sorted). */
    @Test
    void dueExpiriesAreReadFromTheExpiryIndexOnSqlite() throws Exception {
        try (Database db = TestDatabases.open("sqlite", dir)) {
            List<String> plan = new Jdbc(db.dataSource()).query("EXPLAIN QUERY PLAN " + InvitationFollowUps.EXPIRE_DUE_QUERY.formatted(50),
                    rs -> rs.getString("detail"), InvitationFollowUps.OPEN, InvitationFollowUps.REMINDED,
                    InvitationFollowUps.REMINDER_SKIPPED, Instant.now());
            assertThat(plan).anyMatch(step -> step.contains("INDEX ix_dispatch_expiry (invitation_state=? AND expires_at<?)"));
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
