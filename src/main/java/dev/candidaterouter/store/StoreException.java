package dev.candidaterouter.store;

import java.sql.SQLException;

/**
 * A database statement failed. Carries the SQL state so callers can tell a unique-key clash ("23505") from an
 * unreachable database ("08...") without knowing the driver.
 */
public class StoreException extends RuntimeException {
    private final String sqlState;

    public StoreException(String sql, SQLException cause) {
        super("database statement failed [" + cause.getSQLState() + "]: " + cause.getMessage() + " -- in: " + firstLine(sql), cause);
        this.sqlState = cause.getSQLState();
    }

    /** True for a unique or primary key violation (SQL state 23505 in both H2 and PostgreSQL). */
    public boolean isDuplicateKey() {
        return "23505".equals(sqlState);
    }

    private static String firstLine(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
