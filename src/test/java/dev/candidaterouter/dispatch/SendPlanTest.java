package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.assessment.AssessmentDecision;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.assessment.DecisionRepository;
import dev.candidaterouter.candidate.PendingSends;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A decision's sends, planned together (one insert on PostgreSQL and SQLite): each channel's send and the ATS order's
 * report become rows with their own settings; a send that exists is left alone, unless it was withdrawn before it went
 * out and the candidate is invited again.
 */
class SendPlanTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void aDecisionsSendsAndItsOrderReportArePlannedOnce(String db) throws Exception {
        try (Database database = TestDatabases.open(db, dir)) {
            DecisionRepository decisions = new DecisionRepository(database.dataSource(), Clock.systemUTC());
            DispatchRepository dispatches = new DispatchRepository(database.dataSource(), Clock.systemUTC(), "test",
                    Duration.ofMinutes(5), false);
            Jdbc jdbc = new Jdbc(database.dataSource());
            AssessmentDecision decision = invitation();
            decision.setReminderAfter(Duration.ofHours(30));
            decision.setOrderId("order-9");
            long first = decisions.record("int-1", "event-1", decision, "{}");

            assertThat(dispatches.plan(first, "int-1", decision))
                    .containsExactly(Channel.ASSESSMENT, Channel.EMAIL, Channel.SMS);
            assertThat(jdbc.query("""
                    SELECT channel, kind, order_id, remind_after_seconds, decision_id FROM dispatch ORDER BY id""",
                    rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " "
                            + Jdbc.nullableLong(rs, 4) + " " + (rs.getLong(5) == first)))
                    .containsExactly("ASSESSMENT invitation null 108000 true", "EMAIL invitation null null true",
                            "SMS invitation null null true", "KNIT order-invited order-9 null true");

            // Decided again: nothing new. Then the SMS withdrawn before it went out, and invited again: it goes out.
            long second = decisions.record("int-1", "event-2", decision, "{}");
            assertThat(dispatches.plan(second, "int-1", decision)).isEmpty();
            jdbc.update("UPDATE dispatch SET status = 'cancelled', last_error = ? WHERE channel = 'SMS'",
                    PendingSends.WITHDRAWN + "the rules stopped inviting");
            long third = decisions.record("int-1", "event-3", decision, "{}");
            assertThat(dispatches.plan(third, "int-1", decision)).containsExactly(Channel.SMS);
            assertThat(jdbc.query("SELECT status, decision_id FROM dispatch WHERE channel = 'SMS'",
                    rs -> rs.getString(1) + " " + (rs.getLong(2) == third))).containsExactly("pending true");
            assertThat(jdbc.count("SELECT COUNT(*) FROM dispatch")).isEqualTo(4);
        }
    }

    private static AssessmentDecision invitation() {
        AssessmentDecision decision = new AssessmentDecision("c-1");
        decision.setAssessmentId("backend-jvm-advanced");
        decision.addChannel(Channel.ASSESSMENT);
        decision.addChannel(Channel.EMAIL);
        decision.addChannel(Channel.SMS);
        return decision;
    }
}
