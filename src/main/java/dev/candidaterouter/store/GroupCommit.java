package dev.candidaterouter.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Writes what several threads hand in at once in one transaction (group commit): each caller waits until its own
 * item is committed and gets its own result, as if it had written alone.
 *
 * <p>Why: every webhook request stores its event before it answers, one short transaction each. On SQLite each of
 * those queues for the file's one writer behind the pipeline's longer transactions, so with eight deliveries at once
 * the inbox took eight turns where one would do. Here the first caller to find no write running becomes the writer:
 * it takes every item waiting (up to {@code maxBatch}) and writes them together; callers arriving meanwhile queue,
 * and the next writer takes them all. Alone, a caller writes at once: nothing waits for a batch to fill.
 *
 * <p>A batch that fails is written again one item per transaction, so one item that cannot be written (a value the
 * database refuses) fails only its own caller; a database that is down fails each, as before.
 *
 * @param <T> what a caller hands in
 * @param <R> what it gets back
 */
public final class GroupCommit<T, R> {
    private final Function<List<T>, List<R>> writeAll;
    private final int maxBatch;
    private final Queue<Waiting<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    /**
     * @param writeAll writes the items in one transaction and returns one result per item, in their order
     * @param maxBatch the most items one transaction takes
     */
    public GroupCommit(Function<List<T>, List<R>> writeAll, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.writeAll = writeAll;
        this.maxBatch = maxBatch;
    }

    /** Writes {@code item} (with whatever else is waiting) and returns its result once committed. */
    public R write(T item) {
        Waiting<T, R> mine = new Waiting<>(item);
        waiting.add(mine);
        while (!mine.done) {
            writing.lock();
            try {
                if (!mine.done) {
                    writeWaiting();
                }
            } finally {
                writing.unlock();
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.result;
    }

    /** Under {@code writing}: one batch of what waits, oldest first (this caller's item among them, or in a later one). */
    private void writeWaiting() {
        List<Waiting<T, R>> batch = new ArrayList<>();
        for (Waiting<T, R> next; batch.size() < maxBatch && (next = waiting.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            complete(batch, writeAll.apply(batch.stream().map(w -> w.item).toList()));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).fail(batchFailed);
                return;
            }
            for (Waiting<T, R> one : batch) {
                try {
                    complete(List.of(one), writeAll.apply(List.of(one.item)));
                } catch (RuntimeException failed) {
                    one.fail(failed);
                }
            }
        } finally {
            // An Error on the way out: its callers must not wait for a result that will not come.
            for (Waiting<T, R> one : batch) {
                if (!one.done) {
                    one.fail(new IllegalStateException("the transaction writing this item ended without a result"));
                }
            }
        }
    }

    private static <T, R> void complete(List<Waiting<T, R>> batch, List<R> results) {
        if (results.size() != batch.size()) {
            throw new IllegalStateException("wrote " + batch.size() + " items but got " + results.size() + " results");
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).succeed(results.get(i));
        }
    }

    /** One caller's item; its fields are written by the writer under {@code writing} and read by the caller after it. */
    private static final class Waiting<T, R> {
        final T item;
        volatile boolean done;
        R result;
        RuntimeException failure;

        Waiting(T item) {
            this.item = item;
        }

        void succeed(R value) {
            result = value;
            done = true;
        }

        void fail(RuntimeException e) {
            failure = e;
            done = true;
        }
    }
}
