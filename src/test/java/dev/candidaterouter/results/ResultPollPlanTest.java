package dev.candidaterouter.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.GenericPlans;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The result poll runs every second and must read only the invitations due, in order, stopping after a batch: it read
 * every open invitation on SQLite and the whole dispatch table on PostgreSQL (115 ms per poll at 216,665 sends as
 * the server's generic plan; BENCHMARKS.md, round 22). Both of its queries read {@code ix_dispatch_result_poll} (V20)
 * in its order: no sort, no table scan, on every database, PostgreSQL's generic plan included.
 */
class ResultPollPlanTest {
    private static final String LIVE = "provider_id IS NOT NULL AND provider_id NOT LIKE 'outbox-%'";

    @TempDir
    Path dir;

    @Test
    void bothQueriesReadTheResultPollIndexInOrderOnSqlite() throws Exception {
        try (Database db = TestDatabases.open("sqlite", dir)) {
            for (String query : queries()) {
                List<String> plan = new Jdbc(db.dataSource()).query("EXPLAIN QUERY PLAN " + query, rs -> rs.getString("detail"),
                        Instant.now());
                assertThat(plan).as(query).anyMatch(step -> step.contains("USING INDEX ix_dispatch_result_poll"))
                        .noneMatch(step -> step.contains("TEMP B-TREE"));
            }
        }
    }

    @Test
    void bothQueriesReadTheResultPollIndexInOrderOnH2() throws Exception {
        try (Database db = TestDatabases.open("h2", dir)) {
            for (String query : queries()) {
                String plan = new Jdbc(db.dataSource()).queryOne("EXPLAIN " + query, rs -> rs.getString(1), Instant.now()).orElseThrow();
                assertThat(plan).as(query).contains("IX_DISPATCH_RESULT_POLL").contains("index sorted");
            }
        }
    }

    /** A table like one after a large sync: 30,000 sends, a third of them invitations, nearly all polled already. */
    @Test
    void bothQueriesReadTheResultPollIndexInOrderOnPostgresUnderTheGenericPlan() throws Exception {
        try (Database db = TestDatabases.open("postgres", dir);
                Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                          status, next_attempt_at, created_at, updated_at, sent_at, provider_id,
                                          invitation_state, expires_at, next_result_poll_at)
                    SELECT 'k-' || n, 'int', 'c-' || (n / 3), 'a-1', (ARRAY['ASSESSMENT', 'EMAIL', 'SMS'])[n % 3 + 1], n,
                           'sent', now(), now(), now(), now() - interval '1 hour', 'p-' || n, 'open', now() + interval '7 days',
                           CASE WHEN n % 3 = 0 THEN now() + (n % 900) * interval '1 second' END
                      FROM generate_series(1, 30000) AS n""");
            s.execute("ANALYZE dispatch");
            for (String query : queries()) {
                String plan = GenericPlans.of(db, query, "now()");
                assertThat(plan).as(query).contains("Index Scan using ix_dispatch_result_poll")
                        .doesNotContain("Sort").doesNotContain("Seq Scan");
            }
        }
    }

    private static List<String> queries() {
        return List.of(ResultPolls.NEVER_POLLED_QUERY.formatted(LIVE, 50), ResultPolls.POLL_DUE_QUERY.formatted(LIVE, 50));
    }
}
