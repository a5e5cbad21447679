package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.assessment.AssessmentDecision;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When an invitation is reminded and expires: the rules' own durations on the decision, else REMINDER_AFTER and
 * INVITATION_EXPIRES_AFTER, counted from the moment it went out (a fixed clock, so the times are exact).
 */
class FollowUpPlanTest {
    private static final Instant SENT = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite"})
    void theRulesDurationsWinOverTheDefaultsAndCountFromTheMomentTheInvitationWentOut(String engine) throws Exception {
        try (Database db = TestDatabases.open(engine, dir)) {
            Jdbc jdbc = new Jdbc(db.dataSource());
            DispatchRepository dispatches = new DispatchRepository(db.dataSource(), Clock.fixed(SENT, ZoneOffset.UTC),
                    "test", Duration.ofMinutes(5), false, Duration.ofDays(3), Duration.ofDays(7));

            AssessmentDecision byRule = decision("c-rule");
            byRule.setReminderAfter(Duration.ofHours(12));
            byRule.setExpiresAfter(Duration.ofDays(2));
            dispatches.plan(1, "int-1", byRule);
            dispatches.plan(2, "int-1", decision("c-default"));
            for (String candidate : new String[] {"c-rule", "c-default"}) {
                long id = jdbc.queryOne("SELECT id FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT'",
                        rs -> rs.getLong(1), candidate).orElseThrow();
                dispatches.markSent(id, Channel.ASSESSMENT, "inv-" + candidate, "https://t.example/" + candidate);
            }

            assertThat(followUp(jdbc, "c-rule")).containsExactly("open", SENT.plus(Duration.ofHours(12)), SENT.plus(Duration.ofDays(2)));
            assertThat(followUp(jdbc, "c-default")).containsExactly("open", SENT.plus(Duration.ofDays(3)), SENT.plus(Duration.ofDays(7)));
            assertThat(jdbc.count("SELECT COUNT(*) FROM dispatch WHERE channel <> 'ASSESSMENT' AND invitation_state IS NOT NULL"))
                    .as("only the invitation carries the follow-up").isZero();
        }
    }

    private static AssessmentDecision decision(String candidateId) {
        AssessmentDecision decision = new AssessmentDecision(candidateId);
        decision.setAssessmentId("backend-jvm-advanced");
        decision.addChannel(Channel.ASSESSMENT).addChannel(Channel.EMAIL);
        return decision;
    }

    private static Object[] followUp(Jdbc jdbc, String candidateId) {
        return jdbc.queryOne("SELECT invitation_state, remind_at, expires_at FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT'",
                rs -> new Object[] {rs.getString(1), Jdbc.instant(rs, "remind_at"), Jdbc.instant(rs, "expires_at")},
                candidateId).orElseThrow();
    }
}
