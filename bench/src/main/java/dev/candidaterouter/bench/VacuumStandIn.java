package dev.candidaterouter.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for autovacuum when the PostgreSQL server has it switched off (this machine's test server does): every
 * row the app updates leaves a dead tuple, and without vacuum the inbox's claim query walked tens of thousands of them
 * (a 100,000-candidate run with two instances fell to ~60 decisions/s, and rose to 90-140 after one manual VACUUM). A
 * production server vacuums on its own; a benchmark on one that does not would measure the server's setting, not the
 * app. With autovacuum on, this does nothing.
 */
final class VacuumStandIn implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "vacuum-stand-in");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts vacuuming the schema's tables every {@code periodSeconds} if the server's autovacuum is off. */
    static VacuumStandIn startIfNeeded(String url, String schema, int periodSeconds) throws SQLException {
        VacuumStandIn standIn = new VacuumStandIn();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW autovacuum")) {
            rs.next();
            if ("on".equals(rs.getString(1))) {
                return standIn;
            }
        }
        System.out.printf("the server's autovacuum is off: VACUUM ANALYZE of schema %s every %d s stands in for it%n", schema,
                periodSeconds);
        standIn.timer.scheduleWithFixedDelay(() -> vacuum(url, schema), periodSeconds, periodSeconds, TimeUnit.SECONDS);
        return standIn;
    }

    private static void vacuum(String url, String schema) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                s.execute("VACUUM ANALYZE " + schema + "." + table); // autocommit: VACUUM runs outside a transaction
            }
        } catch (SQLException e) {
            System.out.println("vacuum stand-in failed (the run goes on): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
