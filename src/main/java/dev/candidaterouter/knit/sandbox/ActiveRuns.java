package dev.candidaterouter.knit.sandbox;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts sync runs that are still delivering, so callers can wait until the sandbox has gone quiet. A run is
 * counted from the moment {@code sync.start} accepts it (before the HTTP answer), so a caller that starts a sync and
 * then waits can never observe "idle" too early.
 */
final class ActiveRuns {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int running;

    void begin() {
        lock.lock();
        try {
            running++;
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            running--;
            if (running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return true when no run is active, false if the timeout passed first */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (running > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }
}
