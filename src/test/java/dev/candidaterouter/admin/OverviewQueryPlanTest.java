package dev.candidaterouter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overview's window of days is read through an index, not by reading every decision and result ever stored. */
class OverviewQueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void theOverviewsWindowIsReadThroughAnIndexOnH2() {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("plan").toAbsolutePath(), "sa", "", 2)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            assertThat(jdbc.queryOne("EXPLAIN SELECT assessment_id, COUNT(*) FROM decision WHERE decided_at >= ? GROUP BY assessment_id",
                    rs -> rs.getString(1), Instant.now()).orElseThrow()).contains("IX_DECISION_DECIDED_AT");
            assertThat(jdbc.queryOne("EXPLAIN SELECT status, COUNT(*) FROM assessment_result WHERE received_at >= ? GROUP BY status",
                    rs -> rs.getString(1), Instant.now()).orElseThrow()).contains("IX_ASSESSMENT_RESULT_RECEIVED_AT");
        }
    }

    @Test
    void theOverviewsWindowIsReadThroughAnIndexOnSqlite() throws Exception {
        try (Database db = TestDatabases.open("sqlite", dir)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            assertThat(jdbc.query("EXPLAIN QUERY PLAN SELECT assessment_id, COUNT(*) FROM decision WHERE decided_at >= ? GROUP BY assessment_id",
                    rs -> rs.getString("detail"), Instant.now())).anyMatch(step -> step.contains("ix_decision_decided_at"));
            assertThat(jdbc.query("EXPLAIN QUERY PLAN SELECT status, COUNT(*) FROM assessment_result WHERE received_at >= ? GROUP BY status",
                    rs -> rs.getString("detail"), Instant.now())).anyMatch(step -> step.contains("ix_assessment_result_received_at"));
        }
    }
}
