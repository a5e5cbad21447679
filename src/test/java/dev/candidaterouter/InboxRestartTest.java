package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events stored but not processed when the process stops are processed after the restart: the inbox is the hand-off. */
class InboxRestartTest {
    @TempDir
    Path home;

    @Test
    void storedButUnprocessedEventsAreProcessedAfterARestart() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            // Simulates a crash right after the 200: nothing takes events out of the inbox.
            app.context().getRouteController().stopRoute("poll-inbox");
            for (int i = 0; i < 5; i++) {
                byte[] body = bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-restart-" + i, "Go", "Advanced",
                        "2025-01-01T00:00:00Z"));
                assertThat(app.post("/webhooks/knit", body, signedHeaders(body)).statusCode()).isEqualTo(200);
            }
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status = 'received'")).isEqualTo(5);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).isZero();
        }
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status = 'processed'") == 5);
            assertThat(app.jdbc().query("SELECT assessment_id FROM decision", rs -> rs.getString(1)))
                    .hasSize(5).containsOnly("systems-intermediate");
        }
    }
}
