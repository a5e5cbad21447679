package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored events are decided in the order they were stored, across batches and chunks, with one inbox worker or
 * several: the poller claims its next batch only once the last one is done and does not take events itself, and a
 * chunk's events, read and decided by the workers at once, are acted on one after the other in stored order
 * (InboxChunks). Ordered processing is what lets a job stored before its application be known when the application's
 * decision is made.
 */
class InboxOrderTest {
    private static final int EVENTS = 24;

    @TempDir
    Path home;

    @ParameterizedTest(name = "{0} worker(s)")
    @ValueSource(ints = {1, 3})
    void storedEventsAreDecidedInTheOrderTheyWereStored(int workers) throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("inbox.workers", String.valueOf(workers));
        settings.put("inbox.batch-size", "4"); // several batches: the next must not start before the last is done
        settings.put("inbox.commit-chunk", "3"); // on SQLite, two chunks per batch: the second after the first
        try (RunningApp app = RunningApp.start(home, settings)) {
            // Everything stored first, so each poll finds a full batch waiting.
            app.context().getRouteController().stopRoute("poll-inbox");
            List<String> stored = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String eventId = TestEvents.newId();
                byte[] body = bytes(TestEvents.candidate("record.new", eventId, "c-order-" + i, "Go", "Advanced",
                        "2025-01-01T00:00:00Z"));
                assertThat(app.post("/webhooks/knit", body, signedHeaders(body)).statusCode()).isEqualTo(200);
                stored.add(eventId);
            }
            app.context().getRouteController().startRoute("poll-inbox");

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM decision") == EVENTS);
            assertThat(app.jdbc().query("SELECT event_id FROM decision ORDER BY id", rs -> rs.getString(1)))
                    .as("decisions recorded in the order the events were stored")
                    .containsExactlyElementsOf(stored);
        }
    }
}
