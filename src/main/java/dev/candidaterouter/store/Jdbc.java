package dev.candidaterouter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The few JDBC idioms every repository needs, so repositories show only their SQL. Each call borrows a pooled
 * connection in auto-commit mode, unless a Spring transaction is active on this thread for the data source (a route
 * declared {@code transacted}, or {@link #inTransaction}): then it runs in that transaction. Spring's
 * {@link DataSourceUtils} does the joining; transactions are keyed by the data source, so every {@code Jdbc} and
 * transaction manager over the same pool share them.
 *
 * <p>Repositories treat a unique-key clash on insert as an answer ("already there"), not a failure: that is
 * {@link #insertIfAbsent}. On PostgreSQL and SQLite the statement says so itself ({@code ON CONFLICT DO NOTHING}),
 * so nothing fails: on PostgreSQL an error would abort the whole transaction, and the savepoint that used to guard
 * each insert cost two round trips more per insert, ten per candidate, and a dead row per clash (BENCHMARKS.md
 * round 19); on SQLite it was two statements more inside the file's one writer. H2 has no such clause: there the
 * clash is caught, the insert running under a savepoint inside a transaction.
 *
 * <p>On SQLite a statement that writes outside a transaction waits for the file's one writer ({@link SingleWriter})
 * before it takes a connection; transactions take it from their begin ({@link StoreTransactions}). Its statements
 * are kept on each connection and run again without being prepared again ({@link SqliteStatementCache}).
 */
public final class Jdbc {
    private final DataSource dataSource;
    /** Found on first use: building a repository must not need the database up. */
    private volatile Dialect dialect;
    private final WriterLock writer;
    /** SQLite's statements kept per connection; null on other databases, whose drivers keep their own. */
    private final SqliteStatementCache statements;
    private final TransactionTemplate transactions;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
        this.writer = SingleWriter.of(dataSource).orElse(null);
        this.statements = writer == null ? null : SqliteStatementCache.of(dataSource);
        this.transactions = new TransactionTemplate(StoreTransactions.manager(dataSource));
    }

    /** True when the database takes one writer at a time (SQLite): every write waits its turn ({@link SingleWriter}). */
    public boolean hasSingleWriter() {
        return writer != null;
    }

    /** What differs in SQL between the databases this pool may be. */
    public Dialect dialect() {
        Dialect known = dialect;
        if (known == null) {
            known = Dialect.of(dataSource);
            dialect = known;
        }
        return known;
    }

    /** Maps one row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Work done with a connection. */
    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work done with a prepared statement. */
    @FunctionalInterface
    private interface StatementWork<T> {
        T run(PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on this data source, joining one already active on this thread;
     * a failure rolls it back.
     */
    public <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    public int update(String sql, Object... args) {
        return withConnection(sql, false, c -> withStatement(c, sql, null, ps -> {
            bind(ps, args);
            return ps.executeUpdate();
        }));
    }

    /** Runs an INSERT; false, and nothing changed, when it would duplicate a unique key. */
    public boolean insertIfAbsent(String sql, Object... args) {
        return insertIfAbsentReturningKey(sql, null, args).isPresent();
    }

    /**
     * Runs an INSERT and returns the generated key of column {@code keyColumn} (0 when {@code keyColumn} is
     * null); empty, and nothing changed, when it would duplicate a unique key.
     */
    public OptionalLong insertIfAbsentReturningKey(String sql, String keyColumn, Object... args) {
        if (dialect().hasOnConflict()) {
            return insertUnlessConflict(sql + " ON CONFLICT DO NOTHING", keyColumn, args);
        }
        try {
            return OptionalLong.of(withConnection(sql, true, c -> withStatement(c, sql, keyColumn, ps -> {
                bind(ps, args);
                ps.executeUpdate();
                return generatedKey(ps, keyColumn);
            })));
        } catch (StoreException e) {
            if (e.isDuplicateKey()) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    /**
     * Inserts {@code rows} into {@code table}'s {@code columns} (names, comma-separated; the first is a key of the
     * table), skipping any row that would duplicate a unique key, and returns the first column's values of the rows
     * inserted. On PostgreSQL and SQLite one statement for all rows ({@code VALUES (...), (...) ON CONFLICT DO NOTHING
     * RETURNING}): a decision's sends are two to four rows, and each statement is a round trip to PostgreSQL. On H2
     * one insert per row, each under a savepoint ({@link #insertIfAbsent}).
     */
    public Set<Object> insertAllIfAbsent(String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        int width = columns.split(",").length;
        String row = "(" + "?, ".repeat(width - 1) + "?)";
        String insert = "INSERT INTO " + table + " (" + columns + ") VALUES ";
        Set<Object> inserted = new HashSet<>();
        if (!dialect().hasOnConflict()) {
            for (Object[] values : rows) {
                if (insertIfAbsent(insert + row, values)) {
                    inserted.add(values[0]);
                }
            }
            return inserted;
        }
        List<Object> args = new ArrayList<>(rows.size() * width);
        for (Object[] values : rows) {
            if (values.length != width) {
                throw new IllegalArgumentException(values.length + " values for " + width + " columns of " + table);
            }
            args.addAll(Arrays.asList(values));
        }
        String key = columns.substring(0, columns.indexOf(',') < 0 ? columns.length() : columns.indexOf(',')).strip();
        inserted.addAll(query(insert + String.join(", ", Collections.nCopies(rows.size(), row))
                + " ON CONFLICT DO NOTHING RETURNING " + key, rs -> rs.getObject(1), args.toArray()));
        return inserted;
    }

    /**
     * An insert that skips a row clashing with any unique key (the statement ends in {@code ON CONFLICT DO NOTHING}).
     * It needs no savepoint (nothing fails) and on PostgreSQL leaves no dead row; a concurrent insert of the same key
     * makes it wait for that transaction's end, as the failing insert did.
     */
    private OptionalLong insertUnlessConflict(String sql, String keyColumn, Object... args) {
        return withConnection(sql, false, c -> withStatement(c, sql, keyColumn, ps -> {
            bind(ps, args);
            return ps.executeUpdate() == 0 ? OptionalLong.empty() : OptionalLong.of(generatedKey(ps, keyColumn));
        }));
    }

    /** The key the insert just run generated in {@code keyColumn}; 0 when {@code keyColumn} is null. */
    private static long generatedKey(PreparedStatement ps, String keyColumn) throws SQLException {
        if (keyColumn == null) {
            return 0L;
        }
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        return withConnection(sql, false, c -> withStatement(c, sql, null, ps -> {
            bind(ps, args);
            return rows(ps.executeQuery(), mapper);
        }));
    }

    /** A read not yet run: its SQL, arguments and row mapper, on this {@code Jdbc}'s database. */
    public <T> Read<T> read(String sql, RowMapper<T> mapper, Object... args) {
        return new Read<>(this, sql, mapper, args);
    }

    /** A read of rows: {@link #list()} runs it alone, {@link Jdbc#bothTogether} with another in one round trip. */
    public record Read<T>(Jdbc jdbc, String sql, RowMapper<T> mapper, Object[] args) {
        public List<T> list() {
            return jdbc.query(sql, mapper, args);
        }
    }

    /** What two reads run together found: each one's rows, in its own order. */
    public record Both<A, B>(List<A> first, List<B> second) {
    }

    /**
     * Runs two reads of the same database. On PostgreSQL in one round trip: the driver sends both statements (one
     * prepared statement of two, server-prepared like any other) before it waits for the answers, and the server
     * answers both at once. A round trip, not a short read's execution, is what costs there (pgbench, two reads by
     * primary key: 22,000 pairs per second one after the other, 39,000–44,000 sent together; BENCHMARKS.md round 25).
     * Elsewhere one after the other: SQLite and an H2 file run in this process, with no round trip to save.
     */
    public static <A, B> Both<A, B> bothTogether(Read<A> first, Read<B> second) {
        return bothTogetherAfter(null, first, second);
    }

    /**
     * {@link #bothTogether}, after {@code before} (null: nothing) in the same round trip: a statement that returns rows
     * no one needs (an insert's {@code RETURNING}) but must run first, such as a lock the reads must see the world
     * after. PostgreSQL runs the statements in order, as it would one after the other.
     */
    @SuppressWarnings("unchecked")
    public static <A, B> Both<A, B> bothTogetherAfter(Read<?> before, Read<A> first, Read<B> second) {
        List<Read<?>> reads = new ArrayList<>();
        if (before != null) {
            reads.add(before);
        }
        reads.add(first);
        reads.add(second);
        Jdbc jdbc = first.jdbc();
        boolean oneDatabase = reads.stream().allMatch(r -> r.jdbc().dataSource == jdbc.dataSource);
        if (!oneDatabase || jdbc.dialect() != Dialect.POSTGRES) {
            if (before != null) {
                before.list();
            }
            return new Both<>(first.list(), second.list());
        }
        List<List<?>> rows = jdbc.together(reads);
        return new Both<>((List<A>) rows.get(rows.size() - 2), (List<B>) rows.get(rows.size() - 1));
    }

    /** The reads as one prepared statement: each one's rows, in order. */
    private List<List<?>> together(List<Read<?>> reads) {
        String sql = String.join(";\n", reads.stream().map(Read::sql).toList());
        List<Object> args = new ArrayList<>();
        reads.forEach(r -> args.addAll(Arrays.asList(r.args())));
        return withConnection(sql, false, c -> withStatement(c, sql, null, ps -> {
            bind(ps, args.toArray());
            List<List<?>> rows = new ArrayList<>();
            boolean resultSet = ps.execute();
            for (Read<?> read : reads) {
                if (!resultSet) {
                    throw new SQLException("a statement sent together returned no rows to read: " + read.sql());
                }
                rows.add(rows(ps.getResultSet(), read.mapper()));
                resultSet = ps.getMoreResults();
            }
            return rows;
        }));
    }

    private static <T> List<T> rows(ResultSet resultSet, RowMapper<T> mapper) throws SQLException {
        try (ResultSet rs = resultSet) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    /**
     * Runs {@code work} with a statement for {@code sql}: on SQLite one kept on the connection
     * ({@link SqliteStatementCache}), elsewhere a new one closed after.
     */
    private <T> T withStatement(Connection c, String sql, String keyColumn, StatementWork<T> work) throws SQLException {
        if (statements == null) {
            try (PreparedStatement ps = prepare(c, sql, keyColumn)) {
                return work.run(ps);
            }
        }
        PreparedStatement ps = statements.take(c, sql, keyColumn);
        boolean ran = false;
        try {
            T result = work.run(ps);
            ran = true;
            return result;
        } finally {
            statements.giveBack(c, sql, keyColumn, ps, ran);
        }
    }

    /** A new statement for {@code sql}, asking for the generated {@code keyColumn} when not null. */
    static PreparedStatement prepare(Connection c, String sql, String keyColumn) throws SQLException {
        return keyColumn == null ? c.prepareStatement(sql) : c.prepareStatement(sql, new String[] {keyColumn});
    }

    /**
     * Runs {@code work} in the active transaction (under a savepoint if asked), else on a pooled auto-commit
     * connection.
     */
    private <T> T withConnection(String sql, boolean savepoint, ConnectionWork<T> work) {
        if (writer == null || !writes(sql)) {
            return onConnection(sql, savepoint, work);
        }
        writer.lock(); // re-entered by a transaction that holds it already
        try {
            return onConnection(sql, savepoint, work);
        } finally {
            writer.unlock();
        }
    }

    private static boolean writes(String sql) {
        String s = sql.stripLeading();
        return !(s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "WITH", 0, 4));
    }

    private <T> T onConnection(String sql, boolean savepoint, ConnectionWork<T> work) {
        Connection c = connection(sql);
        Savepoint sp = null;
        try {
            sp = savepoint && DataSourceUtils.isConnectionTransactional(c, dataSource) ? c.setSavepoint() : null;
            T result = work.run(c);
            if (sp != null) {
                c.releaseSavepoint(sp);
            }
            return result;
        } catch (SQLException e) {
            if (sp != null) {
                try {
                    c.rollback(sp);
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
            }
            throw new StoreException(sql, e);
        } finally {
            // Closes a pooled connection; one of an active transaction stays with it until commit or rollback.
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    private Connection connection(String sql) {
        try {
            return DataSourceUtils.doGetConnection(dataSource);
        } catch (SQLException e) {
            throw new StoreException(sql, e);
        }
    }

    /** The first row, empty when there is none (or its mapped value is SQL NULL). */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    public long count(String sql, Object... args) {
        return queryOne(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    /**
     * For a claim that takes many rows in one UPDATE ({@code WHERE key IN} this): the rows of {@code table} whose
     * {@code key} is one of {@code n} placeholders. On PostgreSQL they are locked in key order first, by a sub-select:
     * one UPDATE locks rows in whatever order its plan reads them, and two processes claiming overlapping rows in
     * different orders would deadlock; in key order the second waits for the first, then finds the rows taken.
     * Elsewhere the plain list: SQLite has one writer, and an H2 file one process, whose claims never meet (one poller
     * for the inbox, one per channel for the sends, each claiming its own rows).
     */
    public String keysLockedInOrder(String table, String key, int n) {
        return dialect() == Dialect.POSTGRES
                ? " (SELECT " + key + " FROM " + table + " WHERE " + key + " IN" + inList(n) + " ORDER BY " + key + " FOR UPDATE)"
                : inList(n);
    }

    /**
     * {@code instant} as the three databases store a moment (to the microsecond), for a value written and then looked
     * for by equality: H2 compares a bound moment at its full precision with the rounded one it stored.
     */
    public static Instant asStored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** A parenthesised list of {@code n} placeholders for {@code IN}: {@code " (?, ?, ?)"}. */
    public static String inList(int n) {
        return " (" + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
    }

    /** Reads a TIMESTAMP WITH TIME ZONE column as an Instant (null stays null); on SQLite, its UTC text. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs.getObject(column), () -> rs.getObject(column, OffsetDateTime.class));
    }

    /** Reads the TIMESTAMP WITH TIME ZONE column at {@code index} as an Instant, like {@link #instant(ResultSet, String)}. */
    public static Instant instant(ResultSet rs, int index) throws SQLException {
        return instant(rs.getObject(index), () -> rs.getObject(index, OffsetDateTime.class));
    }

    private interface Converted {
        OffsetDateTime read() throws SQLException;
    }

    /** H2 reads such a column as an OffsetDateTime, SQLite as its text, PostgreSQL as a Timestamp it can convert. */
    private static Instant instant(Object value, Converted converted) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return value instanceof String text ? Instant.parse(text) : converted.read().toInstant();
    }

    /** Column {@code index} as a Long, null for SQL NULL (SQLite's driver cannot read a NULL as a Long object). */
    public static Long nullableLong(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
    }

    private void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            ps.setObject(i + 1, a instanceof Instant instant ? dialect().moment(instant) : a);
        }
    }
}
