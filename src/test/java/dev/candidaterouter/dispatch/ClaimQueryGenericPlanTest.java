package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.GenericPlans;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every poll of every channel runs the claim queries, thousands of times a minute during a sync. PostgreSQL's driver
 * prepares a statement run that often on the server, and the server then plans it once for any parameters (a
 * generic plan). With the send's state bound as a parameter, that plan could not know the state asked for is a rare
 * one and read the whole table instead of the index — every poll, growing with the table: more than half of the
 * server's time in a 20,000-candidate sync (BENCHMARKS.md, round 22). The states are written into the SQL; these
 * queries must read an index under the generic plan, on a table like one after a sync (nearly every send sent).
 */
class ClaimQueryGenericPlanTest {
    @TempDir
    static Path dir;

    private static Database database;

    @BeforeAll
    static void aTableOfSentSends() throws Exception {
        database = TestDatabases.open("postgres", dir);
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                          status, next_attempt_at, created_at, updated_at, claimed_at, call_started_at)
                    SELECT 'k-' || n, 'int', 'c-' || (n / 3), 'a-1', (ARRAY['ASSESSMENT', 'EMAIL', 'SMS'])[n % 3 + 1], n,
                           CASE WHEN n % 500 = 0 THEN 'pending' WHEN n % 500 = 1 THEN 'sending' ELSE 'sent' END,
                           now(), now(), now(), now(), now()
                      FROM generate_series(1, 30000) AS n""");
            s.execute("ANALYZE dispatch");
        }
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theDueSendsAreReadFromAnIndex() throws Exception {
        assertThat(genericPlan(DispatchRepository.DUE_QUERY.formatted(50), "'EMAIL'", "now()", "'sent'"))
                .doesNotContain("Seq Scan on dispatch d ");
    }

    @Test
    void theExpiredClaimsAreReadFromAnIndex() throws Exception {
        assertThat(genericPlan(DispatchRepository.EXPIRED_CLAIMS_QUERY.formatted(50), "'EMAIL'", "now()", "'sent'"))
                .doesNotContain("Seq Scan on dispatch d ");
    }

    @Test
    void theSendsStoppedMidCallAreLookedUpInAnIndex() throws Exception {
        String stoppedSms = "SELECT 1 FROM dispatch" + DispatchRepository.STOPPED_MID_CALL.formatted("channel = 'SMS'") + " LIMIT 1";
        assertThat(genericPlan(stoppedSms, "now()")).doesNotContain("Seq Scan on dispatch");
    }

    /** The hazard itself, so that the tests above mean something: the same lookup with the state bound. */
    @Test
    void withTheStateBoundTheGenericPlanReadsTheWholeTable() throws Exception {
        String bound = "SELECT 1 FROM dispatch WHERE status = ? AND channel = 'SMS' AND claimed_at < ?"
                + " AND call_started_at IS NOT NULL LIMIT 1";
        assertThat(genericPlan(bound, "'sending'", "now()")).contains("Seq Scan on dispatch");
    }

    private static String genericPlan(String sql, String... arguments) throws Exception {
        return GenericPlans.of(database, sql, arguments);
    }
}
