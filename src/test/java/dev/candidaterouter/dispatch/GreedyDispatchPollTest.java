package dev.candidaterouter.dispatch;

import static dev.candidaterouter.dispatch.LiveProviders.newCandidate;
import static dev.candidaterouter.dispatch.LiveProviders.status;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.RunningApp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send scheduler is greedy: a poll that claimed work is followed at once by the next, so a backlog larger than
 * DISPATCH_BATCH_SIZE drains without waiting DISPATCH_POLL_INTERVAL_MS between batches, while an empty poll does
 * wait it (no busy loop on an idle table). Each channel has its own poller; the invitations' one
 * (send-due-assessments) is watched here, and tells its scheduler which poll found work.
 */
class GreedyDispatchPollTest {
    private static final String ROUTE = "send-due-assessments";
    private static final List<String> CANDIDATES = List.of("c-greedy-1", "c-greedy-2", "c-greedy-3");

    @TempDir
    Path home;

    @Test
    void aBacklogDrainsOneBatchAfterAnotherAndAnIdleSchedulerWaitsItsInterval() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("dispatch.batch-size", "1");
        settings.put("dispatch.poll-interval-ms", "3600000");
        try (RunningApp app = RunningApp.start(home, settings)) {
            // The backlog builds up while nothing sends.
            app.context().getRouteController().stopRoute(ROUTE);
            for (String candidate : CANDIDATES) {
                newCandidate(app, candidate);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> CANDIDATES.stream()
                    .allMatch(c -> "pending".equals(status(app, c, "ASSESSMENT"))));

            app.context().getRouteController().startRoute(ROUTE);
            // Three invitations, one per poll: only polls that follow each other at once get through them within the hour.
            await().atMost(Duration.ofSeconds(30)).until(() -> CANDIDATES.stream()
                    .allMatch(c -> "sent".equals(status(app, c, "ASSESSMENT"))));

            // Each poll is one exchange of the route (Camel's route metrics): the last one found nothing, so no more.
            MeterRegistry meters = app.context().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            AtomicLong polls = new AtomicLong(-1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> polls.getAndSet(polls(meters)) == polls(meters));
        }
    }

    private static long polls(MeterRegistry meters) {
        Counter exchanges = meters.find("camel.exchanges.total").tag("routeId", ROUTE).counter();
        if (exchanges == null) {
            throw new AssertionError("no camel.exchanges.total for route " + ROUTE + " in " + meters.getMeters().stream()
                    .map(m -> m.getId().getName()).distinct().toList());
        }
        return (long) exchanges.count();
    }
}
