package dev.candidaterouter.knit.sandbox;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one run's events on its own thread. With a concurrency of 1, one after the other: each event is fully
 * delivered — retries included — before the next (the order was already shuffled in shuffle mode). With more, up to
 * that many deliveries are in flight, started in the run's order, so they may complete out of order as they can
 * with Knit; the last event (the run's closing {@code sync.events.processed}) still goes out only after every other
 * one was answered. In duplicate mode each event is delivered a second time right after the first.
 */
final class SyncRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);

    private final SyncRunIds ids;
    private final List<Supplier<PreparedEvent>> events;
    private final WebhookDelivery delivery;
    private final boolean duplicate;
    private final boolean dropConnection;
    private final ActiveRuns activeRuns;
    private final int concurrency;

    SyncRun(SyncRunIds ids, List<Supplier<PreparedEvent>> events, WebhookDelivery delivery, boolean duplicate,
            boolean dropConnection, ActiveRuns activeRuns, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("delivery concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.ids = ids;
        this.events = List.copyOf(events);
        this.delivery = delivery;
        this.duplicate = duplicate;
        this.dropConnection = dropConnection;
        this.activeRuns = activeRuns;
    }

    @Override
    public void run() {
        AtomicInteger consumed = new AtomicInteger();
        try {
            if (concurrency == 1) {
                for (Supplier<PreparedEvent> next : events) {
                    deliver(next.get(), consumed);
                }
            } else {
                deliverConcurrently(consumed);
            }
            LOG.info("run {} finished: {} of {} events consumed", ids.syncRunId(), consumed.get(), events.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("run {} interrupted after {} of {} events", ids.syncRunId(), consumed.get(), events.size());
        } catch (RuntimeException e) {
            LOG.error("run {} failed after {} of {} events: {}", ids.syncRunId(), consumed.get(), events.size(), e.getMessage());
        } finally {
            activeRuns.end();
        }
    }

    private void deliverConcurrently(AtomicInteger consumed) throws InterruptedException {
        ExecutorService senders = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "knit-sandbox-send-" + ids.syncRunId());
            thread.setDaemon(true);
            return thread;
        });
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            int closing = events.size() - 1;
            for (int i = 0; i < closing && failure.get() == null; i++) {
                inFlight.acquire();
                Supplier<PreparedEvent> next = events.get(i);
                senders.execute(() -> {
                    try {
                        deliver(next.get(), consumed);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the run is being stopped
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            inFlight.acquire(concurrency); // every earlier delivery has ended
            inFlight.release(concurrency);
            if (failure.get() != null) {
                throw failure.get();
            }
            if (closing >= 0) {
                deliver(events.get(closing).get(), consumed);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private void deliver(PreparedEvent event, AtomicInteger consumed) throws InterruptedException {
        if (delivery.deliver(event, dropConnection)) {
            consumed.incrementAndGet();
        }
        if (duplicate) {
            delivery.deliver(event, false);
        }
    }
}
