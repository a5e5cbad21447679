package dev.candidaterouter.knit.sandbox;

import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one run's events on its own thread, one after the other, as Knit keeps a run's events in order (the
 * order was already shuffled in shuffle mode). Each event is fully delivered — retries included — before the next;
 * in duplicate mode each event is delivered a second time right after the first.
 */
final class SyncRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);

    private final SyncRunIds ids;
    private final List<Supplier<PreparedEvent>> events;
    private final WebhookDelivery delivery;
    private final boolean duplicate;
    private final boolean dropConnection;
    private final ActiveRuns activeRuns;

    SyncRun(SyncRunIds ids, List<Supplier<PreparedEvent>> events, WebhookDelivery delivery, boolean duplicate,
            boolean dropConnection, ActiveRuns activeRuns) {
        this.ids = ids;
        this.events = List.copyOf(events);
        this.delivery = delivery;
        this.duplicate = duplicate;
        this.dropConnection = dropConnection;
        this.activeRuns = activeRuns;
    }

    @Override
    public void run() {
        int consumed = 0;
        try {
            for (Supplier<PreparedEvent> next : events) {
                PreparedEvent event = next.get();
                if (delivery.deliver(event, dropConnection)) {
                    consumed++;
                }
                if (duplicate) {
                    delivery.deliver(event, false);
                }
            }
            LOG.info("run {} finished: {} of {} events consumed", ids.syncRunId(), consumed, events.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("run {} interrupted after {} of {} events", ids.syncRunId(), consumed, events.size());
        } catch (RuntimeException e) {
            LOG.error("run {} failed after {} of {} events: {}", ids.syncRunId(), consumed, events.size(), e.getMessage());
        } finally {
            activeRuns.end();
        }
    }
}
