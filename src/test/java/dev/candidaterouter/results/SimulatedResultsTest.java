package dev.candidaterouter.results;

import static dev.candidaterouter.results.Results.invitationState;
import static dev.candidaterouter.results.Results.newCandidate;
import static dev.candidaterouter.results.Results.result;
import static dev.candidaterouter.results.Results.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.RunningApp;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outbox mode's simulated platform: results appear by themselves, plausible, and the same after a restart. */
class SimulatedResultsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    @Test
    void inOutboxModeTheSimulatedPlatformCompletesInvitationsOnceAndTheSameAfterARestart() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("result.simulated-share", "1");
        s.put("result.simulated-delay", "PT1S");
        Map<String, Object> first;
        try (RunningApp app = RunningApp.start(home, s)) {
            newCandidate(app, "c-sim");
            await().atMost(WAIT).until(() -> results(app, "c-sim") == 1);
            first = new java.util.HashMap<>(result(app, "c-sim"));
            assertThat(first).containsEntry("source", "simulated").containsEntry("status", "completed");
            // The result rules take it from here (received -> decided); what was stored does not change.
            assertThat(first.remove("state")).isIn("received", "decided");
            assertThat((BigDecimal) first.get("score")).isBetween(new BigDecimal("20"), new BigDecimal("100"));
            assertThat((BigDecimal) first.get("percentage")).isEqualByComparingTo((BigDecimal) first.get("score"));
            assertThat(invitationState(app, "c-sim")).isEqualTo("completed");
            // Stored nowhere but the table: the simulated platform writes no outbox files.
            assertThat(app.home().resolve("outbox/results")).doesNotExist();
        }
        try (RunningApp app = RunningApp.start(home, s)) {
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> results(app, "c-sim") == 1);
            Map<String, Object> again = new java.util.HashMap<>(result(app, "c-sim"));
            again.remove("state");
            assertThat(again).isEqualTo(first);
        }
    }

    @Test
    void withAShareOfZeroNoInvitationIsCompleted() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("result.simulated-share", "0");
        s.put("result.simulated-delay", "PT1S");
        try (RunningApp app = RunningApp.start(home, s)) {
            newCandidate(app, "c-open");
            await().atMost(WAIT).until(() -> Results.invitationId(app, "c-open") != null);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> results(app, "c-open") == 0);
            assertThat(invitationState(app, "c-open")).isEqualTo("open");
        }
    }
}
