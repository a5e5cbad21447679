package dev.candidaterouter.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A database statement failed. Carries the SQL state so callers can tell a unique-key clash ("23505") from an
 * unreachable database ("08...") without knowing the driver.
 */
public class StoreException extends RuntimeException {
    private final boolean duplicateKey;

    public StoreException(String sql, SQLException cause) {
        super("database statement failed [" + cause.getSQLState() + "]: " + cause.getMessage() + " -- in: " + firstLine(sql), cause);
        this.duplicateKey = "23505".equals(cause.getSQLState()) || isSqliteDuplicateKey(cause);
    }

    /**
     * True for a unique or primary key violation: SQL state 23505 in H2 and PostgreSQL; SQLite's driver gives no SQL
     * state, only its own result code.
     */
    public boolean isDuplicateKey() {
        return duplicateKey;
    }

    private static boolean isSqliteDuplicateKey(SQLException e) {
        return e instanceof SQLiteException sqlite && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
    }

    private static String firstLine(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
