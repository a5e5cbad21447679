package dev.candidaterouter.store;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.sql.DataSource;

/**
 * The one writer of an SQLite file in this process. SQLite lets one connection write at a time; a second one waits in
 * SQLite's busy loop (sleeps of growing length, in no particular order), and a transaction that read before it wrote
 * is refused outright (SQLITE_BUSY) when another wrote in between. So the writers of this process take turns here
 * instead: a transaction from its start to its end ({@link StoreTransactions}), a statement that writes outside one
 * for its length ({@link Jdbc}). Readers never wait: in WAL mode they read the last commit.
 *
 * <p>Not a fair lock. Waiting writers queue in order, but one that asks just as the lock comes free takes it at once.
 * A fair lock hands it to the longest waiter instead, and the file then stands idle until the OS has woken that
 * thread; with a dozen writers on two cores (sends, webhooks, the inbox) those gaps cost a fifth of the end-to-end
 * throughput (BENCHMARKS.md, round 10) and gained nothing measurable in the webhooks' p99.
 *
 * <p>One lock per file, whichever pool opened it. Other processes (a backtest reading the file) still meet SQLite's
 * own locking, with a busy timeout ({@link Database}).
 */
public final class SingleWriter {
    private static final ConcurrentMap<Object, WriterLock> BY_FILE = new ConcurrentHashMap<>();

    private SingleWriter() {
    }

    /** The writer lock of the SQLite file behind this pool; empty for any other database. */
    public static Optional<WriterLock> of(DataSource dataSource) {
        if (dataSource instanceof SqliteConnections sqlite) {
            return Optional.of(sqlite.writerLock());
        }
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                && Dialect.ofUrl(hikari.getJdbcUrl()) == Dialect.SQLITE) {
            return Optional.of(forUrl(hikari.getJdbcUrl()));
        }
        return Optional.empty();
    }

    /** Keyed by the file, so two pools on one file share it (an in-memory database: by its URL). */
    static WriterLock forUrl(String url) {
        Object file = Database.sqliteFile(url).<Object>map(p -> p).orElse(url);
        return BY_FILE.computeIfAbsent(file, f -> new WriterLock());
    }
}
