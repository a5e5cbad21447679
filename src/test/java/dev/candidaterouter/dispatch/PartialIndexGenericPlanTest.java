package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.GenericPlans;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.results.ResultIntake;
import dev.candidaterouter.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL five of dispatch's indexes are partial (V20): a notification's insert and updates write into four
 * indexes instead of nine. A partial index serves a query only if the planner can prove the query's rows are in it,
 * and PostgreSQL plans a statement run often once for any parameters (a generic plan), where a bound value proves
 * nothing: each query that reads these indexes names the condition as a literal, or implies it by a comparison on the
 * column (a strict operator: never true for NULL). Checked here under the generic plan on a table like one after a
 * sync, so that a query rewritten with the condition bound shows up as a table scan.
 */
class PartialIndexGenericPlanTest {
    @TempDir
    static Path dir;

    private static Database database;

    @BeforeAll
    static void aTableOfSentSends() throws Exception {
        database = TestDatabases.open("postgres", dir);
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            // A third invitations (open or reminded, with follow-up times), a third emails, a third SMS; every 30th
            // row a result write (channel KNIT) naming a result.
            s.execute("""
                    INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, kind, decision_id,
                                          status, next_attempt_at, created_at, updated_at, sent_at, provider_id,
                                          invitation_state, remind_at, expires_at, result_id, application_id)
                    SELECT 'k-' || n, 'int', 'c-' || (n / 3), 'a-1',
                           CASE WHEN n % 30 = 0 THEN 'KNIT' ELSE (ARRAY['ASSESSMENT', 'EMAIL', 'SMS'])[n % 3 + 1] END,
                           CASE WHEN n % 30 = 0 THEN 'result-attachment' ELSE 'invitation' END, n,
                           'sent', now(), now(), now(), now(), 'p-' || n,
                           CASE WHEN n % 3 = 0 AND n % 30 <> 0 THEN (ARRAY['open', 'reminded'])[n % 2 + 1] END,
                           now() + (n % 1000) * interval '1 minute', now() + (n % 1000) * interval '1 hour',
                           CASE WHEN n % 30 = 0 THEN n END, 'app-' || n
                      FROM generate_series(1, 30000) AS n""");
            s.execute("ANALYZE dispatch");
        }
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theFivePartialIndexesHoldOnlyTheSendsTheyServe() throws Exception {
        List<String> definitions = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT indexdef FROM pg_indexes"
                        + " WHERE schemaname = current_schema() AND tablename = 'dispatch'"
                        + " AND indexname IN ('ix_dispatch_expiry', 'ix_dispatch_provider', 'ix_dispatch_remind',"
                        + " 'ix_dispatch_result_application_kind', 'ix_dispatch_result_poll') ORDER BY indexname")) {
            while (rs.next()) {
                definitions.add(rs.getString(1));
            }
        }
        assertThat(definitions).satisfiesExactly(
                expiry -> assertThat(expiry).endsWith("WHERE (invitation_state IS NOT NULL)"),
                provider -> assertThat(provider).endsWith("WHERE ((channel)::text = 'ASSESSMENT'::text)"),
                remind -> assertThat(remind).endsWith("WHERE (invitation_state IS NOT NULL)"),
                results -> assertThat(results).endsWith("WHERE (result_id IS NOT NULL)"),
                poll -> assertThat(poll).contains("WHERE (((channel)::text = 'ASSESSMENT'::text)")
                        .contains("((kind)::text = 'invitation'::text)"));
    }

    @Test
    void aResultFindsItsInvitationByProviderId() throws Exception {
        assertThat(genericPlan(ResultIntake.INVITATION_BY_PROVIDER_ID, "'p-3'", "'invitation'"))
                .contains("ix_dispatch_provider").doesNotContain("Seq Scan");
    }

    @Test
    void theReminderPollReadsTheReminderIndex() throws Exception {
        assertThat(genericPlan(InvitationFollowUps.REMIND_DUE_QUERY.formatted(50), "'open'", "now()", "now()"))
                .contains("ix_dispatch_remind").doesNotContain("Seq Scan");
    }

    @Test
    void theExpiryPollReadsTheExpiryIndex() throws Exception {
        assertThat(genericPlan(InvitationFollowUps.EXPIRE_DUE_QUERY.formatted(50), "'open'", "'reminded'", "'reminder_skipped'",
                "now()")).contains("ix_dispatch_expiry").doesNotContain("Seq Scan");
    }

    /** A result's stage move waits for its attachment, looked up by the result it names. */
    @Test
    void theResultWritesPollLooksUpAttachmentsByResult() throws Exception {
        String stageMoveWaits = "SELECT 1 FROM dispatch w WHERE w.result_id = ? AND w.application_id = ?"
                + " AND w.kind = 'result-attachment' AND w.status IN ('sent', 'review')";
        assertThat(genericPlan(stageMoveWaits, "30", "'app-30'")).contains("ix_dispatch_result_application_kind")
                .doesNotContain("Seq Scan");
    }

    /** The hazard itself, so that the tests above mean something: the provider lookup with the channel bound. */
    @Test
    void withTheChannelBoundTheProviderIndexCannotServe() throws Exception {
        String bound = "SELECT id FROM dispatch WHERE provider_id = ? AND channel = ? AND kind = ? ORDER BY id LIMIT 1";
        assertThat(genericPlan(bound, "'p-3'", "'ASSESSMENT'", "'invitation'")).doesNotContain("ix_dispatch_provider");
    }

    private static String genericPlan(String sql, String... arguments) throws Exception {
        return GenericPlans.of(database, sql, arguments);
    }
}
