package dev.candidaterouter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.sqlite.SQLiteConnection;

/**
 * Prepared statements kept on each SQLite connection, so a statement run again is not parsed and planned again.
 * PostgreSQL's driver keeps its own per connection and H2 has a query cache; sqlite-jdbc and Hikari keep none, and
 * preparing was 17.5% of SQLite's native time in the end-to-end benchmark, half of it inside the one writer's
 * transactions (BENCHMARKS.md, round 13).
 *
 * <p>The statements are prepared on the driver's own connection behind the pool's proxy: Hikari closes the
 * statements of a proxy when the connection goes back to the pool, never those of the connection it wraps. A
 * connection is used by one thread at a time, so its statements are too; a statement is taken out of the cache while
 * it runs and given back after, so a nested call with the same SQL (a row mapper that queries) prepares its own. A
 * statement that failed is closed rather than given back. Each connection keeps its {@value #PER_CONNECTION} most
 * recently used statements (SQL with {@code IN} lists or {@code LIMIT n} varies); a connection the pool has closed
 * (its statements went with it, natively) is forgotten when the next new one comes.
 */
final class SqliteStatementCache {
    static final int PER_CONNECTION = 128;

    private static final Map<DataSource, SqliteStatementCache> BY_POOL = Collections.synchronizedMap(new WeakHashMap<>());

    /** Guarded by itself; the statements of one connection are touched only by the thread holding that connection. */
    private final Map<SQLiteConnection, Statements> byConnection = new HashMap<>();
    private final LongAdder prepared = new LongAdder();

    /** The cache of a pool: one per pool, shared by every {@link Jdbc} over it. */
    static SqliteStatementCache of(DataSource dataSource) {
        return BY_POOL.computeIfAbsent(dataSource, ds -> new SqliteStatementCache());
    }

    /** A statement for {@code sql} on this connection, asking for the generated {@code keyColumn} when not null. */
    PreparedStatement take(Connection connection, String sql, String keyColumn) throws SQLException {
        SQLiteConnection own = connection.unwrap(SQLiteConnection.class);
        PreparedStatement statement = statementsOf(own).remove(new Key(sql, keyColumn));
        if (statement != null) {
            return statement;
        }
        prepared.increment();
        return Jdbc.prepare(own, sql, keyColumn);
    }

    /**
     * Gives back a statement {@link #take} returned, its result set closed (which resets it in SQLite, so it holds
     * no read snapshot back from a checkpoint): kept when it ran without an error, closed otherwise. Never fails:
     * the statement's work is done (or its error is the one to report), and a statement that cannot be kept is
     * simply prepared again next time.
     */
    void giveBack(Connection connection, String sql, String keyColumn, PreparedStatement statement, boolean ran) {
        if (!ran) {
            closeQuietly(statement);
            return;
        }
        try {
            statement.clearParameters(); // not to hold the last bound payload
            PreparedStatement displaced = statementsOf(connection.unwrap(SQLiteConnection.class))
                    .put(new Key(sql, keyColumn), statement);
            if (displaced != null) { // a nested call prepared the same SQL meanwhile
                closeQuietly(displaced);
            }
        } catch (SQLException e) {
            closeQuietly(statement);
        }
    }

    /** Statements prepared so far (a statement found in the cache is not counted). */
    long prepared() {
        return prepared.sum();
    }

    private Statements statementsOf(SQLiteConnection connection) throws SQLException {
        synchronized (byConnection) {
            Statements statements = byConnection.get(connection);
            if (statements == null) {
                forgetClosedConnections();
                statements = new Statements();
                byConnection.put(connection, statements);
            }
            return statements;
        }
    }

    private void forgetClosedConnections() throws SQLException {
        for (Iterator<SQLiteConnection> it = byConnection.keySet().iterator(); it.hasNext(); ) {
            if (it.next().isClosed()) {
                it.remove();
            }
        }
    }

    /** A statement's SQL and the generated key it asks for (null: none). The SQL's hash is the string's, computed once. */
    private record Key(String sql, String keyColumn) {
    }

    /** One connection's statements, least recently used first; the one beyond the bound is closed. */
    private static final class Statements extends LinkedHashMap<Key, PreparedStatement> {
        Statements() {
            super(32, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, PreparedStatement> eldest) {
            if (size() <= PER_CONNECTION) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // dropped either way; its connection frees it natively when it closes
        }
    }
}
