package dev.candidaterouter.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions bound to the current thread, so that several repository calls commit together without passing a
 * connection around: while one is open for a data source, every {@link Jdbc} call on that data source and thread
 * runs in it. Camel runs an exchange's synchronous steps ({@code direct:}, {@code bean}) on one thread, which is
 * what lets a route open a unit of work in one step and commit it in a later one.
 *
 * <p>Why it matters: processing one event used to take seven commits; as one unit it takes one (on PostgreSQL
 * each commit is a WAL flush), and a failure half-way leaves nothing half-written.
 */
public final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);
    private static final ThreadLocal<Map<DataSource, Connection>> BOUND = ThreadLocal.withInitial(HashMap::new);

    private Transactions() {
    }

    /** Runs {@code work} in a transaction: joins the open one, or begins one and commits it (rolls back on failure). */
    public static <T> T inTransaction(DataSource dataSource, Supplier<T> work) {
        if (current(dataSource) != null) {
            return work.get();
        }
        begin(dataSource);
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            rollback(dataSource);
            throw e;
        }
        commit(dataSource);
        return result;
    }

    /**
     * Opens a transaction on this thread. One left open by an earlier unit that never finished (it cannot happen
     * through the routes, which always end a unit) is rolled back first rather than silently joined.
     */
    public static void begin(DataSource dataSource) {
        if (current(dataSource) != null) {
            LOG.warn("a transaction was still open on this thread; rolling it back before beginning a new one");
            rollback(dataSource);
        }
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("BEGIN", e);
        }
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            close(c);
            throw new StoreException("BEGIN", e);
        }
        BOUND.get().put(dataSource, c);
    }

    /** Commits and closes the open transaction; nothing to do when none is open. */
    public static void commit(DataSource dataSource) {
        Connection c = BOUND.get().remove(dataSource);
        if (c == null) {
            return;
        }
        try {
            c.commit();
        } catch (SQLException e) {
            quietRollback(c);
            throw new StoreException("COMMIT", e);
        } finally {
            close(c);
        }
    }

    /** Rolls back and closes the open transaction, if any. Never throws: it runs on error paths. */
    public static void rollback(DataSource dataSource) {
        Connection c = BOUND.get().remove(dataSource);
        if (c != null) {
            quietRollback(c);
            close(c);
        }
    }

    /** The connection of the transaction open on this thread for {@code dataSource}, or null. */
    static Connection current(DataSource dataSource) {
        return BOUND.get().get(dataSource);
    }

    private static void quietRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed (the connection is discarded): {}", e.getMessage());
        }
    }

    private static void close(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the pool resets it anyway
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing a connection failed: {}", e.getMessage());
        }
    }
}
