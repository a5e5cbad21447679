package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.assessment.AssessmentDecision;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.assessment.DecisionRepository;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
            DecisionRepository decisions = new DecisionRepository(db.dataSource(), Clock.fixed(SENT, ZoneOffset.UTC));
            AssessmentDecision byDefault = decision("c-default");
            dispatches.plan(decisions.record("int-1", "event-1", byRule, "{}"), "int-1", byRule);
            dispatches.plan(decisions.record("int-1", "event-2", byDefault, "{}"), "int-1", byDefault);
            // Sent as the send routes do: the claim reads each invitation's durations, the outcome counts them from now.
            List<DispatchJob> invitations = dispatches.claimDue("ASSESSMENT", 10, 100);
            assertThat(invitations).extracting(DispatchJob::candidateId).containsExactlyInAnyOrder("c-rule", "c-default");
            for (DispatchJob invitation : invitations) {
                dispatches.markSent(invitation, "inv-" + invitation.candidateId(), "https://t.example/" + invitation.candidateId());
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
