package dev.candidaterouter.knit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a batch of inbox events commit in the order they were stored while {@code INBOX_WORKERS} of them are worked on
 * at once (candidate-pipeline.yaml).
 *
 * <p>Why: an event's work is mostly reading, assembling and deciding, which writes nothing; only its transaction
 * needs the database's writer (on SQLite, the file's one writer). Each event waits for its turn just before its
 * transaction ({@link #awaitTurn}), so the next events of the batch are read and decided on the other workers while
 * one holds the writer, and the decisions are still recorded in stored order: a job stored before its application is
 * known when the application is decided, with one worker or several. An event's turn ends when its outcome is
 * written ({@link #done}), whether it committed, failed or was quarantined, also when it failed before waiting.
 *
 * <p>The order is kept, not relied on: events about one candidate still take their lock (CandidateLocks) and a
 * decision made ahead on data that changed is made again (DecidedAhead). So a turn that has not come after
 * {@code maxWait} (an earlier event stuck longer than a claim lasts) is taken anyway, with a warning, rather than
 * stall the inbox.
 */
public class CommitOrder {
    private static final Logger LOG = LoggerFactory.getLogger(CommitOrder.class);
    private final Duration maxWait;

    public CommitOrder(Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive, was " + maxWait);
        }
        this.maxWait = maxWait;
    }

    /** The turns of one claimed batch, one per event in the batch's (stored) order. */
    public Turns forBatch(List<?> batch) {
        return new Turns(batch.size());
    }

    /**
     * Returns once every earlier event of the batch is done, or after {@code maxWait}.
     *
     * @param turns the batch's turns; null (an event not taken from a batch) waits for nothing
     * @param index the event's place in its batch, from 0
     */
    public void awaitTurn(Turns turns, int index) throws InterruptedException {
        if (turns != null && !turns.await(index, maxWait.toNanos())) {
            LOG.warn("inbox event {} of its batch waited {} for the events stored before it; committing it now, out of"
                    + " order", index, maxWait);
        }
    }

    /** The event's outcome is written: the next event of the batch may commit. */
    public void done(Turns turns, int index) {
        if (turns != null) {
            turns.done(index);
        }
    }

    /** Which of a batch's events are done; the events before {@code next} all are. */
    public static final class Turns {
        private final boolean[] done;
        private int next;

        Turns(int size) {
            this.done = new boolean[size];
        }

        synchronized boolean await(int index, long maxWaitNanos) throws InterruptedException {
            checkIndex(index);
            long deadline = System.nanoTime() + maxWaitNanos;
            while (next < index) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        synchronized void done(int index) {
            checkIndex(index);
            done[index] = true;
            while (next < done.length && done[next]) {
                next++;
            }
            notifyAll();
        }

        private void checkIndex(int index) {
            if (index < 0 || index >= done.length) {
                throw new IllegalArgumentException("event " + index + " is not in a batch of " + done.length);
            }
        }

        @Override
        public synchronized String toString() {
            return "Turns[" + next + " of " + done.length + " done in order]";
        }
    }
}
