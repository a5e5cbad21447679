package dev.candidaterouter.store;

import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;

/** The transaction manager over the pool: Spring's, and on SQLite one whose transactions take turns as writers. */
public final class StoreTransactions {
    private StoreTransactions() {
    }

    public static DataSourceTransactionManager manager(DataSource dataSource) {
        return SingleWriter.of(dataSource)
                .<DataSourceTransactionManager>map(writer -> new OneWriterAtATime(dataSource, writer))
                .orElseGet(() -> new DataSourceTransactionManager(dataSource));
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
