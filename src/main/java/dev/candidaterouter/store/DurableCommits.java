package dev.candidaterouter.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Makes the commits done so far survive a crash, before the process acts on them: before the webhook answers
 * Knit 200 (Knit will not deliver the event again), and once a send is marked sent (a restart must not send it
 * again).
 *
 * <p>PostgreSQL commits are durable already: nothing to do. Embedded H2 writes committed changes to its file in
 * the background (WRITE_DELAY, 500 ms by default), so a kill -9 loses the last ones; here a {@code CHECKPOINT}
 * writes them synchronously. Writing every commit through instead (WRITE_DELAY=0) also stops H2's background
 * housekeeping, and the file then grows by tens of KB per commit without bound (3.5 GB for 20,000 candidates).
 * Only the commits something outside depends on pay for a write here, and callers that arrive while one runs
 * share the next (group commit).
 */
public abstract class DurableCommits {
    /** Waits until every commit this thread made so far is on disk. */
    public abstract void flush();

    /** For the given database URL: checkpoints for an H2 file database, nothing for others. */
    static DurableCommits forUrl(String url, DataSource dataSource) {
        return url.startsWith("jdbc:h2:file:") ? new Checkpoints(dataSource) : new AlreadyDurable();
    }

    private static final class AlreadyDurable extends DurableCommits {
        @Override
        public void flush() {
            // every commit is durable on its own
        }
    }

    private static final class Checkpoints extends DurableCommits {
        private final DataSource dataSource;
        private final ReentrantLock writer = new ReentrantLock();
        /** Incremented by each caller; a checkpoint covers every ticket taken before it started. */
        private final AtomicLong tickets = new AtomicLong();
        private volatile long flushedUpTo;

        Checkpoints(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void flush() {
            long mine = tickets.incrementAndGet(); // taken after the caller's commit
            writer.lock();
            try {
                if (flushedUpTo >= mine) {
                    return; // a checkpoint that started after our commit has finished
                }
                long upTo = tickets.get();
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT");
                } catch (SQLException e) {
                    throw new StoreException("CHECKPOINT", e);
                }
                flushedUpTo = upTo;
            } finally {
                writer.unlock();
            }
        }
    }
}
