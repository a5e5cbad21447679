package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the one writer's lock keeps about its use: turns, waits, held time (served as metrics by RouterMetrics). */
class WriterLockTest {
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    @Test
    void aTransactionsReentriesCountAsOneTurnAndItsHoldFromFirstLockToLastUnlock() {
        WriterLock writer = new WriterLock();

        writer.lock();
        writer.lock(); // a statement inside the transaction
        writer.unlock();
        WriterLock.Usage inside = writer.usage();
        writer.unlock();
        WriterLock.Usage after = writer.usage();

        assertThat(inside.turns()).isEqualTo(1);
        assertThat(inside.heldNanos()).as("still held: the turn has not ended").isZero();
        assertThat(after.turns()).isEqualTo(1);
        assertThat(after.heldNanos()).as("the turn ended at the last unlock").isPositive();
        assertThat(writer.isLocked()).isFalse();
    }

    @Test
    void aThreadThatQueuedForTheWriterCountsItsWait() throws Exception {
        WriterLock writer = new WriterLock();
        writer.lock();
        long waitedBefore = writer.usage().waitedNanos();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            writer.lock();
            writer.unlock();
        }, other);
        // The second thread is queued behind this one: its wait has begun.
        await().atMost(Duration.ofSeconds(10)).until(writer::hasQueuedThreads);
        writer.unlock();
        second.get(10, TimeUnit.SECONDS);

        WriterLock.Usage usage = writer.usage();
        assertThat(usage.turns()).isEqualTo(2);
        assertThat(usage.waitedNanos() - waitedBefore).as("the queued thread's wait").isPositive();
        assertThat(usage.heldNanos()).isPositive();
    }

    @Test
    void aTryLockThatGaveUpCountsItsWaitButNoTurn() throws Exception {
        WriterLock writer = new WriterLock();
        writer.lock();
        boolean got = CompletableFuture.supplyAsync(() -> {
            try {
                return writer.tryLock(1, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, other).get(10, TimeUnit.SECONDS);
        writer.unlock();

        assertThat(got).isFalse();
        assertThat(writer.usage().turns()).isEqualTo(1);
        assertThat(writer.usage().waitedNanos()).isPositive();
        assertThat(writer.tryLock()).isTrue();
        writer.unlock();
        assertThat(writer.usage().turns()).isEqualTo(2);
    }

    @Test
    void commitsAreCountedWithTheirTime() {
        WriterLock writer = new WriterLock();
        writer.commitTook(1_500_000);
        writer.commitTook(500_000);

        assertThat(writer.usage().commits()).isEqualTo(2);
        assertThat(writer.usage().commitNanos()).isEqualTo(2_000_000);
    }
}
