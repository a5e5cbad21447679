package dev.candidaterouter.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connections of an SQLite file: one kept for its one writer, a pool for everything else.
 *
 * <p>Why: SQLite keeps a cache of the file's pages per connection, and in WAL mode a connection drops all of it at
 * the start of a transaction whenever another connection has committed since its last one. With every transaction
 * on whichever pooled connection was free, some connection had always committed in between, and every transaction
 * read its pages again through the kernel: 65 reads, 200 KiB, per candidate for ~7 KiB of data (BENCHMARKS.md,
 * round 21). Writers already take turns ({@link SingleWriter}); here the thread whose turn it is gets the writer's
 * own connection, which only it commits on, so its cache holds from one turn to the next. Readers (never waiting
 * for the writer in WAL mode) keep the pool. Measured (round 22, 100,000 candidates): 15% fewer reads through the
 * kernel, no difference in speed on two cores; and a larger cache for the writer now keeps what it holds.
 *
 * <p>The writer's connection is a pool of one, so Hikari resets it between turns as it resets any connection. A
 * thread asking for a second connection while it holds the writer's (a read beside its transaction) gets a pooled
 * one, as before, rather than waiting for its own.
 */
public final class SqliteConnections implements DataSource, AutoCloseable {
    private final HikariDataSource readers;
    private final HikariDataSource writer;
    private final WriterLock turns;

    SqliteConnections(HikariDataSource readers, HikariDataSource writer, WriterLock turns) {
        this.readers = readers;
        this.writer = writer;
        this.turns = turns;
    }

    /** The readers' pool and the writer's (Database.measurePools). */
    List<HikariDataSource> pools() {
        return List.of(readers, writer);
    }

    /** The lock writers of this file take turns on. */
    WriterLock writerLock() {
        return turns;
    }

    /** Replaces every connection once it is free (tests: what a pool does when a connection reaches its lifetime). */
    void evictConnections() {
        readers.getHikariPoolMXBean().softEvictConnections();
        writer.getHikariPoolMXBean().softEvictConnections();
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (turns.isHeldByCurrentThread() && writer.getHikariPoolMXBean().getActiveConnections() == 0) {
            return writer.getConnection();
        }
        return readers.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the store's connections are opened with its own credentials");
    }

    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            readers.close();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return readers.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        readers.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        readers.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return readers.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return readers.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : readers.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || readers.isWrapperFor(iface);
    }
}
