package dev.candidaterouter.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;

/**
 * The few places where H2, PostgreSQL and SQLite need different SQL or values; everything else is one SQL for all three.
 *
 * <p>SQLite has no timestamp type: moments are stored as UTC text of one fixed width
 * ({@code 2026-12-01T09:30:00.000000Z}), so that comparing and ordering them as text is comparing them as moments,
 * as the claim and due queries do. It has no {@code SELECT ... FOR UPDATE} either: there a transaction that writes
 * holds the process's one writer ({@link SingleWriter}) from its start, which already keeps two events about one
 * candidate apart.
 */
public enum Dialect {
    H2, POSTGRES, SQLITE;

    private static final DateTimeFormatter SQLITE_MOMENT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** The dialect of a JDBC URL; H2's for anything that is neither PostgreSQL nor SQLite. */
    public static Dialect ofUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        return url.startsWith("jdbc:sqlite:") ? SQLITE : H2;
    }

    /** The dialect of a pool; of any other data source, what its connections say their URL is. */
    public static Dialect of(DataSource dataSource) {
        if (dataSource instanceof SqliteConnections) {
            return SQLITE;
        }
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            return ofUrl(hikari.getJdbcUrl());
        }
        try (Connection c = dataSource.getConnection()) {
            return ofUrl(c.getMetaData().getURL());
        } catch (SQLException e) {
            throw new StoreException("(reading the database's URL)", e);
        }
    }

    /** The value to bind for a moment in a TIMESTAMP WITH TIME ZONE column (a text column on SQLite). */
    public Object moment(Instant instant) {
        return this == SQLITE ? sqliteMoment(instant) : instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * {@code 2026-12-01T09:30:00.000000Z}. Composed by hand for years 0 to 9999: every write binds a few moments, on
     * SQLite while holding the file's one writer, and {@link DateTimeFormatter} was 4% of that time (BENCHMARKS.md
     * round 12). Other years (never written by the app) go through the formatter.
     */
    static String sqliteMoment(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return SQLITE_MOMENT.format(instant);
        }
        StringBuilder b = new StringBuilder(27);
        digits(b, t.getYear(), 4).append('-');
        digits(b, t.getMonthValue(), 2).append('-');
        digits(b, t.getDayOfMonth(), 2).append('T');
        digits(b, t.getHour(), 2).append(':');
        digits(b, t.getMinute(), 2).append(':');
        digits(b, t.getSecond(), 2).append('.');
        return digits(b, t.getNano() / 1000, 6).append('Z').toString();
    }

    /** {@code value} (not negative) with leading zeros to {@code width} digits. */
    private static StringBuilder digits(StringBuilder b, int value, int width) {
        for (int limit = 10, w = 1; w < width; limit *= 10, w++) {
            if (value < limit) {
                b.append('0');
            }
        }
        return b.append(value);
    }

    /** The UTC calendar day of a moment column, as an SQL expression whose value reads as an ISO date. */
    public String utcDay(String column) {
        return this == SQLITE ? "substr(" + column + ", 1, 10)" : "CAST((" + column + " AT TIME ZONE 'UTC') AS DATE)";
    }

    /**
     * True when an INSERT can skip a row that clashes with a unique key ({@code ON CONFLICT DO NOTHING}): PostgreSQL
     * and SQLite (3.24 and later); H2 has no such clause outside its PostgreSQL mode.
     */
    public boolean hasOnConflict() {
        return this != H2;
    }

    /** What locks the rows a SELECT reads until the transaction ends: nothing on SQLite, where writers take turns. */
    public String forUpdate() {
        return this == SQLITE ? "" : " FOR UPDATE";
    }
}
