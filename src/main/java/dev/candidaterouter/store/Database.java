package dev.candidaterouter.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool of the process (on SQLite with one more connection, for the writer), migrated by Flyway
 * before anything uses it. PostgreSQL and H2 run the same migrations from {@code db/migration}, and from V20 on what
 * only one of them can have from a folder of its own ({@code db/migration-postgresql}: partial indexes;
 * {@code db/migration-h2}); SQLite (the embedded default), whose ALTER TABLE cannot change constraints, starts from
 * the schema they lead to ({@code db/migration-sqlite}, baseline V17) and takes each later migration from there.
 *
 * <p>SQLite opens in WAL mode with {@code synchronous=NORMAL}: a commit survives the process being killed (what the
 * embedded H2 promised too), the last commits before a power loss may not; {@code ?synchronous=FULL} in the URL
 * makes each commit wait for the disk. A URL's own pragmas win over these. One process per file: the writers of
 * this process take turns ({@link SingleWriter}) on a connection kept for them ({@link SqliteConnections}); another
 * process only waits up to the busy timeout.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** What every SQLite connection is opened with (sqlite-jdbc reads pragmas from the connection properties). */
    private static final java.util.Map<String, String> SQLITE_PRAGMAS = java.util.Map.of(
            "journal_mode", "WAL", "synchronous", "NORMAL",
            // another process (a backtest, a test reading the file) writing: wait for it rather than fail at once
            "busy_timeout", "30000");

    /** A pool, or on SQLite the writer's connection beside a pool ({@link SqliteConnections}). */
    private final DataSource dataSource;
    private final List<HikariDataSource> pools;
    private final Runnable closing;
    private final DurableCommits durableCommits;

    private Database(DataSource dataSource, List<HikariDataSource> pools, Runnable closing,
            DurableCommits durableCommits) {
        this.dataSource = dataSource;
        this.pools = pools;
        this.closing = closing;
        this.durableCommits = durableCommits;
    }

    /** Opens the pool and applies pending migrations; fails fast with the database's own message. */
    public static Database open(String url, String user, String password, int maxPoolSize) {
        return open(url, user, password, maxPoolSize, true);
    }

    /**
     * Opens the pool for a tool that only reads (a backtest from the command line): the schema must be what this
     * version expects, and is never changed. A database that is behind, or ahead (a newer version migrated it), is
     * refused with Flyway's message: migrating belongs to the process an operator starts, not to a tool run beside
     * it.
     */
    public static Database openWithoutMigrating(String url, String user, String password, int maxPoolSize) {
        return open(url, user, password, maxPoolSize, false);
    }

    /** The folders of this database's migrations (every version in exactly one of them). */
    static String[] migrations(Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> new String[] {"classpath:db/migration-sqlite"};
            case POSTGRES -> new String[] {"classpath:db/migration", "classpath:db/migration-postgresql"};
            case H2 -> new String[] {"classpath:db/migration", "classpath:db/migration-h2"};
        };
    }

    private static Database open(String url, String user, String password, int maxPoolSize, boolean migrate) {
        if (migrate) {
            createDataFolder(url);
        }
        Dialect dialect = Dialect.ofUrl(url);
        HikariDataSource ds = new HikariDataSource(poolConfig("candidate-router", url, user, password, maxPoolSize));
        try {
            Flyway flyway = Flyway.configure().dataSource(ds).locations(migrations(dialect)).load();
            if (migrate) {
                flyway.migrate();
            } else {
                flyway.validate();
            }
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        LOG.info("database ready at {}", redact(url));
        if (dialect == Dialect.SQLITE) {
            SqliteConnections sqlite = withWriter(ds, url, user, password);
            return new Database(sqlite, sqlite.pools(), sqlite::close, DurableCommits.forUrl(url, sqlite));
        }
        return new Database(ds, List.of(ds), ds::close, DurableCommits.forUrl(url, ds));
    }

    private static HikariConfig poolConfig(String name, String url, String user, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        if (Dialect.ofUrl(url) == Dialect.SQLITE) {
            // sqlite-jdbc lets these properties override the URL's own: add only those the URL does not set
            SQLITE_PRAGMAS.forEach((pragma, value) -> {
                if (!url.contains("?" + pragma + "=") && !url.contains("&" + pragma + "=")) {
                    config.addDataSourceProperty(pragma, value);
                }
            });
        }
        config.setPoolName(name);
        config.setJdbcUrl(closedByUs(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        // Fail start-up quickly when the database is unreachable instead of hanging on the first request.
        config.setInitializationFailTimeout(10_000);
        config.setConnectionTimeout(5_000);
        return config;
    }

    /** The pool beside one connection for the file's writer, opened with the same settings. */
    private static SqliteConnections withWriter(HikariDataSource pool, String url, String user, String password) {
        try {
            HikariDataSource writer = new HikariDataSource(poolConfig("candidate-router-writer", url, user, password, 1));
            return new SqliteConnections(pool, writer, SingleWriter.forUrl(url));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * HikariCP's own meters for each pool ({@code hikaricp_connections_pending}, {@code _active}, {@code _acquire_seconds},
     * {@code _usage_seconds}, ..., tagged {@code pool}): whether work waits for a connection, and how long connections
     * are held. Removed by the pool when it closes.
     */
    public void measurePools(MeterRegistry meters) {
        pools.forEach(pool -> pool.setMetricRegistry(meters));
    }

    /** What makes the commits so far crash-proof before the process acts on them. */
    public DurableCommits durableCommits() {
        return durableCommits;
    }

    /** True when the database is reachable right now (for health checks). */
    public boolean isReachable() {
        try (var c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        closing.run();
    }

    /**
     * An embedded H2 database is closed by us ({@link #close}, once the routes have stopped), not by H2's own JVM
     * shutdown hook: that hook ran at the start of a SIGTERM, while Camel's graceful shutdown still let the pollers
     * finish their work, and every stop logged "Database is already closed" errors (and left that work to be redone).
     * A URL that sets DB_CLOSE_ON_EXIT itself keeps its choice; so does one with AUTO_SERVER (H2 refuses the two
     * together), which lets a second process in, as the fault tests do.
     */
    static String closedByUs(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        if (!url.startsWith("jdbc:h2:") || upper.contains("DB_CLOSE_ON_EXIT") || upper.contains("AUTO_SERVER")
                || url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:")) {
            return url;
        }
        return url + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** JDBC URLs may carry passwords as parameters: keep only the part before the first ';' or '?'. */
    static String redact(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return url.substring(0, cut);
    }

    /** The file an SQLite URL names, absolute and without its parameters; empty for another database or an in-memory one. */
    public static Optional<Path> sqliteFile(String url) {
        if (Dialect.ofUrl(url) != Dialect.SQLITE || url.contains(":memory:")) {
            return Optional.empty();
        }
        String path = url.substring("jdbc:sqlite:".length()).split("\\?")[0];
        return Optional.of(Path.of(path.startsWith("file:") ? path.substring("file:".length()) : path).toAbsolutePath().normalize());
    }

    /** The folder of an H2 or SQLite file, created if missing (H2 would, SQLite would fail with "out of memory"). */
    private static void createDataFolder(String url) {
        Optional<Path> sqlite = sqliteFile(url);
        Path parent;
        if (url.startsWith("jdbc:h2:file:")) {
            parent = Path.of(url.substring("jdbc:h2:file:".length()).split(";")[0]).toAbsolutePath().getParent();
        } else if (sqlite.isPresent()) {
            parent = sqlite.get().getParent();
        } else {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the data folder " + parent + ": " + e.getMessage(), e);
        }
    }
}
