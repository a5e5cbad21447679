package dev.candidaterouter.metrics;

import dev.candidaterouter.store.Jdbc;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The numbers the table gauges show, read with one grouped query per table and reused while fresh. A scrape reads
 * every gauge one after the other within milliseconds: they all show one reading, taken by the first of them, so a
 * scrape costs two queries however many channels and statuses there are (it cost one per gauge, 25). A failed
 * reading is reused too: with the database down a scrape waits for it once, not once per gauge, and shows NaN.
 * Read in Java rather than by a camel-jdbc route: Micrometer asks the gauges for their values, there is no exchange.
 */
final class TableCounts {
    private static final Logger LOG = LoggerFactory.getLogger(TableCounts.class);
    // One row per channel and status; attempts beyond the first count as retries (a pending send has 0 attempts).
    private static final String DISPATCHES = "SELECT channel, status, COUNT(*), "
            + "COALESCE(SUM(CASE WHEN attempts > 1 THEN attempts - 1 END), 0) FROM dispatch GROUP BY channel, status";
    private static final String INBOX_BACKLOG = "SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')";

    private final Jdbc jdbc;
    private final long maxAgeNanos;
    private Reading reading;

    /**
     * @param maxAge how long one reading serves: long enough for one scrape, much shorter than any scrape interval
     */
    TableCounts(DataSource dataSource, Duration maxAge) {
        this.jdbc = new Jdbc(dataSource);
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** Sends in this channel (as stored) and status; NaN when the tables cannot be read. */
    double dispatches(String channel, String status) {
        Reading r = current();
        return r.failed() ? Double.NaN : r.dispatches().getOrDefault(channel + "/" + status, 0L);
    }

    /** Attempts beyond the first of the sends in this channel; NaN when the tables cannot be read. */
    double retries(String channel) {
        Reading r = current();
        return r.failed() ? Double.NaN : r.retries().getOrDefault(channel, 0L);
    }

    /** Webhook events stored and not yet processed; NaN when the tables cannot be read. */
    double inboxBacklog() {
        Reading r = current();
        return r.failed() ? Double.NaN : r.inboxBacklog();
    }

    /** Synchronized: concurrent scrapes share one reading instead of each taking its own. */
    private synchronized Reading current() {
        long now = System.nanoTime();
        if (reading == null || now - reading.takenAt() > maxAgeNanos) {
            reading = read(now);
        }
        return reading;
    }

    private Reading read(long now) {
        try {
            Map<String, Long> dispatches = new HashMap<>();
            Map<String, Long> retries = new HashMap<>();
            List<Object[]> rows = jdbc.query(DISPATCHES, rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3),
                    rs.getLong(4)});
            for (Object[] row : rows) {
                dispatches.put(row[0] + "/" + row[1], (Long) row[2]);
                retries.merge((String) row[0], (Long) row[3], Long::sum);
            }
            return new Reading(now, false, dispatches, retries, jdbc.count(INBOX_BACKLOG));
        } catch (RuntimeException e) {
            // A scrape must never fail because the database hiccups.
            LOG.debug("metrics not readable: {}", e.getMessage());
            return new Reading(now, true, Map.of(), Map.of(), 0);
        }
    }

    private record Reading(long takenAt, boolean failed, Map<String, Long> dispatches, Map<String, Long> retries,
            long inboxBacklog) {
    }
}
