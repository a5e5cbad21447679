package dev.candidaterouter.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of an SQLite file's one writer ({@link SingleWriter}) that also keeps how it was used: how many turns
 * writers took, how long they waited for one, how long they held it, and how long the transactions' commits took.
 *
 * <p>Why: on the embedded default every write of the process (webhooks storing events, the inbox's transactions,
 * the sends recording themselves) passes through this one lock, so whether it is the limit is the first question about
 * throughput. A profiler cannot answer it (a thread waiting for the lock, or holding it while descheduled on a busy
 * machine, shows as no CPU at all); these totals can, served as metrics ({@code candidate_router_store_writer_*},
 * RouterMetrics) and read by the end-to-end benchmark (BENCHMARKS.md, round 15).
 *
 * <p>A turn runs from a thread's first acquisition to its last release: a transaction's statements re-enter the lock
 * it took at its start and count once. Two clock readings per turn, none per re-entry; the totals are summed across
 * threads, so two threads waiting one second each count two seconds.
 */
public final class WriterLock extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    private final transient LongAdder turns = new LongAdder();
    private final transient LongAdder waitedNanos = new LongAdder();
    private final transient LongAdder heldNanos = new LongAdder();
    private final transient LongAdder commits = new LongAdder();
    private final transient LongAdder commitNanos = new LongAdder();
    /** When the current turn began; read and written only by the thread holding the lock. */
    private long turnStartedAt;

    /** Not fair, as a plain {@code new ReentrantLock()}: see {@link SingleWriter} for why. */
    public WriterLock() {
        super(false);
    }

    @Override
    public void lock() {
        if (isHeldByCurrentThread()) {
            super.lock();
            return;
        }
        long asked = System.nanoTime();
        super.lock();
        turnBegan(asked);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (isHeldByCurrentThread()) {
            super.lockInterruptibly();
            return;
        }
        long asked = System.nanoTime();
        super.lockInterruptibly();
        turnBegan(asked);
    }

    @Override
    public boolean tryLock() {
        boolean first = !isHeldByCurrentThread();
        long asked = System.nanoTime();
        boolean got = super.tryLock();
        if (got && first) {
            turnBegan(asked);
        }
        return got;
    }

    @Override
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        boolean first = !isHeldByCurrentThread();
        long asked = System.nanoTime();
        boolean got = super.tryLock(timeout, unit);
        if (got && first) {
            turnBegan(asked);
        } else if (!got) {
            waitedNanos.add(System.nanoTime() - asked);
        }
        return got;
    }

    /** Under the lock, at a thread's first acquisition. */
    private void turnBegan(long asked) {
        long got = System.nanoTime();
        waitedNanos.add(got - asked);
        turns.increment();
        turnStartedAt = got;
    }

    @Override
    public void unlock() {
        if (isHeldByCurrentThread() && getHoldCount() == 1) {
            heldNanos.add(System.nanoTime() - turnStartedAt);
        }
        super.unlock();
    }

    /** A transaction's commit took this long (called by the transaction manager, holding the lock). */
    void commitTook(long nanos) {
        commits.increment();
        commitNanos.add(nanos);
    }

    /** The totals since the process started. */
    public Usage usage() {
        return new Usage(turns.sum(), waitedNanos.sum(), heldNanos.sum(), commits.sum(), commitNanos.sum());
    }

    /**
     * The writer's use so far.
     *
     * @param turns times a thread took the writer (re-entries not counted)
     * @param waitedNanos time threads spent waiting for it, summed over threads
     * @param heldNanos time it was held; its share of a wall-clock interval is how busy the writer was
     * @param commits transactions committed (a single statement outside a transaction commits on its own and is not
     *     counted here)
     * @param commitNanos time those commits took, inside {@code heldNanos}
     */
    public record Usage(long turns, long waitedNanos, long heldNanos, long commits, long commitNanos) {
    }
}
