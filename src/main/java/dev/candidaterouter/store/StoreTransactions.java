package dev.candidaterouter.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The transaction managers over the pool: Spring's, on SQLite one whose transactions take turns as writers, and for
 * an inbox event's own work on PostgreSQL one whose commits do not wait for their flush to disk.
 */
public final class StoreTransactions {
    private StoreTransactions() {
    }

    public static DataSourceTransactionManager manager(DataSource dataSource) {
        return SingleWriter.of(dataSource)
                .<DataSourceTransactionManager>map(writer -> new OneWriterAtATime(dataSource, writer))
                .orElseGet(() -> new DataSourceTransactionManager(dataSource));
    }

    /**
     * The transactions an inbox event's work commits in (candidate-pipeline.yaml, act-on-knit-event): as
     * {@link #manager}, and on PostgreSQL with {@code asyncCommit} (INBOX_ASYNC_COMMIT) each one begins with
     * {@code SET LOCAL synchronous_commit TO OFF}: its commit returns once written to the server's log, not once that
     * log is on disk. Safe for this work and this work only:
     * <ul>
     * <li>the event itself is on disk already: the webhook committed it, with every setting at its default, before
     * it answered Knit 200;</li>
     * <li>a crash of the server loses at most its last fraction of a second of such commits (three times
     * {@code wal_writer_delay}, 600 ms by default), each whole: the server comes back as if they had rolled back,
     * the inbox row not marked done, and the event is acted on again (its decision and sends keyed as before);</li>
     * <li>nothing leaves the process on the strength of such a commit alone: each send it planned (the invitation,
     * the email, the SMS, the report of an ATS order) is claimed by a later transaction that does wait for its flush,
     * and the server flushes its log in order, so that later flush takes the earlier commit to disk first.</li>
     * </ul>
     * The webhook's store, the claims and a send's outcome keep the default: those are what must not be lost or
     * done twice. Measured: BENCHMARKS.md round 28.
     */
    public static DataSourceTransactionManager forInboxEvents(DataSource dataSource, boolean asyncCommit) {
        if (asyncCommit && Dialect.of(dataSource) == Dialect.POSTGRES) {
            return new CommitsWithoutWaitingForFlush(dataSource);
        }
        return manager(dataSource);
    }

    private static final class CommitsWithoutWaitingForFlush extends DataSourceTransactionManager {
        CommitsWithoutWaitingForFlush(DataSource dataSource) {
            super(dataSource);
        }

        /** Only where a transaction begins: a savepoint inside another transaction keeps that one's setting. */
        @Override
        protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
                throws SQLException {
            super.prepareTransactionalConnection(con, definition);
            try (Statement statement = con.createStatement()) {
                statement.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    }

    /**
     * Holds the file's writer lock from the transaction's begin to its end (Spring begins and ends a transaction on
     * one thread). Taken before the connection, as {@link Jdbc}'s single writes do, so that no thread holds a pooled
     * connection while it waits for the lock held by a thread that waits for a connection.
     */
    private static final class OneWriterAtATime extends DataSourceTransactionManager {
        private final transient WriterLock writer;

        OneWriterAtATime(DataSource dataSource, WriterLock writer) {
            super(dataSource);
            this.writer = writer;
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            writer.lock();
            try {
                super.doBegin(transaction, definition);
            } catch (RuntimeException | Error e) {
                writer.unlock();
                throw e;
            }
        }

        /** Timed for the writer's metrics (WriterLock): on SQLite the commit is most of what a short transaction costs. */
        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            long started = System.nanoTime();
            super.doCommit(status);
            writer.commitTook(System.nanoTime() - started);
        }

        @Override
        protected void doCleanupAfterCompletion(Object transaction) {
            try {
                super.doCleanupAfterCompletion(transaction);
            } finally {
                writer.unlock();
            }
        }
    }
}
