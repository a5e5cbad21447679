package dev.candidaterouter.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for autovacuum when the PostgreSQL server has it switched off (this machine's test server does): every
 * row the app updates leaves a dead tuple, and without vacuum the inbox's claim query walked tens of thousands of them
 * (a 100,000-candidate run with two instances fell to ~60 decisions/s, and rose to 90-140 after one manual VACUUM). A
 * production server vacuums on its own; a benchmark on one that does not would measure the server's setting, not the
 * app.
 *
 * <p>It does what autovacuum would, when autovacuum would, with the server's own autovacuum settings: once per
 * {@code autovacuum_naptime} it looks at each of the schema's tables and vacuums one whose dead rows passed
 * {@code autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor × rows}, or whose rows inserted since its last
 * vacuum passed the insert threshold and scale factor, and analyzes one whose rows changed since its last analyze
 * passed the analyze threshold and scale factor — throttled by {@code vacuum_cost_delay} and {@code
 * vacuum_cost_limit} set to autovacuum's. (Until round 26 it ran VACUUM ANALYZE of every table every 30 s: at 100,000
 * candidates that was ~0.7 ms of the server's CPU per candidate, more than autovacuum's thresholds would have spent.)
 * With autovacuum on, this does nothing.
 */
final class VacuumStandIn implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "vacuum-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final String url;
    private final String schema;
    private final Map<String, String> settings = new TreeMap<>();
    /** What it did, per table: "vacuum" and "analyze" counts, for the run's report. */
    private final Map<String, int[]> done = new TreeMap<>();

    private VacuumStandIn(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    /** Starts standing in for autovacuum on the schema's tables if the server's autovacuum is off. */
    static VacuumStandIn startIfNeeded(String url, String schema) throws SQLException {
        VacuumStandIn standIn = new VacuumStandIn(url, schema);
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name, setting FROM pg_settings WHERE name LIKE 'autovacuum%'"
                    + " OR name IN ('vacuum_cost_delay', 'vacuum_cost_limit')")) {
                while (rs.next()) {
                    standIn.settings.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        if ("on".equals(standIn.settings.get("autovacuum"))) {
            return standIn;
        }
        int naptime = Integer.parseInt(standIn.settings.get("autovacuum_naptime"));
        System.out.printf("the server's autovacuum is off: its work on schema %s done in its place, as it would (every %d s,"
                + " the server's thresholds)%n", schema, naptime);
        standIn.timer.scheduleWithFixedDelay(standIn::vacuumWhatAutovacuumWould, naptime, naptime, TimeUnit.SECONDS);
        return standIn;
    }

    private double setting(String name) {
        return Double.parseDouble(settings.get(name));
    }

    private void vacuumWhatAutovacuumWould() {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            // Autovacuum's throttle (autovacuum_vacuum_cost_limit -1 means vacuum_cost_limit).
            double limit = setting("autovacuum_vacuum_cost_limit");
            s.execute("SET vacuum_cost_delay = " + settings.get("autovacuum_vacuum_cost_delay"));
            s.execute("SET vacuum_cost_limit = " + (limit < 0 ? settings.get("vacuum_cost_limit") : settings.get(
                    "autovacuum_vacuum_cost_limit")));
            List<String[]> work = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT t.relname, GREATEST(c.reltuples, 0), t.n_dead_tup, t.n_ins_since_vacuum, t.n_mod_since_analyze
                      FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid
                     WHERE t.schemaname = '""" + schema + "'")) {
                while (rs.next()) {
                    double rows = rs.getDouble(2);
                    boolean vacuum = rs.getLong(3) > setting("autovacuum_vacuum_threshold")
                            + setting("autovacuum_vacuum_scale_factor") * rows
                            || rs.getLong(4) > setting("autovacuum_vacuum_insert_threshold")
                            + setting("autovacuum_vacuum_insert_scale_factor") * rows;
                    boolean analyze = rs.getLong(5) > setting("autovacuum_analyze_threshold")
                            + setting("autovacuum_analyze_scale_factor") * rows;
                    if (vacuum || analyze) {
                        work.add(new String[] {rs.getString(1), vacuum ? "VACUUM" : "", analyze ? "ANALYZE" : ""});
                    }
                }
            }
            for (String[] table : work) {
                String command = (table[1] + " " + table[2]).trim();
                s.execute((table[1].isEmpty() ? "ANALYZE " : command + " ") + schema + "." + table[0]);
                synchronized (done) {
                    int[] counts = done.computeIfAbsent(table[0], t -> new int[2]);
                    counts[0] += table[1].isEmpty() ? 0 : 1;
                    counts[1] += table[2].isEmpty() ? 0 : 1;
                }
            }
        } catch (SQLException e) {
            System.out.println("vacuum stand-in failed (the run goes on): " + e.getMessage());
        }
    }

    /** What it did per table, vacuums/analyzes, e.g. "dispatch 3/4, inbox_event 2/3"; empty when it did nothing. */
    String summary() {
        synchronized (done) {
            List<String> parts = new ArrayList<>();
            done.forEach((table, counts) -> parts.add(table + " " + counts[0] + "/" + counts[1]));
            return String.join(", ", parts);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
