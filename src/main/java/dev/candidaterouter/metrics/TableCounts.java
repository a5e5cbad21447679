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
 *
 * <p>The dispatch table only grows, so what a scrape reads must not be its rows: the counts come from the index on
 * (status, channel, ...) alone (SQLite: 4 ms against 55 ms for 43,000 sends), and the retries, which need every
 * row's attempts, are read at most once per {@code retriesMaxAge} (a minute): they move slowly, and reading them
 * with every scrape cost a full table scan each time, growing with every send.
 */
final class TableCounts {
    private static final Logger LOG = LoggerFactory.getLogger(TableCounts.class);
    // One row per channel and status, grouped in the order of ix_dispatch_due_channel so it is read from that index.
    static final String DISPATCHES = "SELECT channel, status, COUNT(*) FROM dispatch GROUP BY status, channel";
    // Attempts beyond the first, per channel (a pending send has 0 attempts).
    private static final String RETRIES = "SELECT channel, SUM(attempts - 1) FROM dispatch WHERE attempts > 1 GROUP BY channel";
    private static final String INBOX_BACKLOG = "SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')";

    private final Jdbc jdbc;
    private final long maxAgeNanos;
    private final long retriesMaxAgeNanos;
    private Reading reading;
    private RetriesReading retriesReading;

    /**
     * @param maxAge how long one reading serves: long enough for one scrape, much shorter than any scrape interval
     * @param retriesMaxAge how long one reading of the retries serves
     */
    TableCounts(DataSource dataSource, Duration maxAge, Duration retriesMaxAge) {
        this.jdbc = new Jdbc(dataSource);
        this.maxAgeNanos = maxAge.toNanos();
        this.retriesMaxAgeNanos = retriesMaxAge.toNanos();
    }

    /** Sends in this channel (as stored) and status; NaN when the tables cannot be read. */
    double dispatches(String channel, String status) {
        Reading r = current();
        return r.failed() ? Double.NaN : r.dispatches().getOrDefault(channel + "/" + status, 0L);
    }

    /** Attempts beyond the first of the sends in this channel; NaN when the tables cannot be read. */
    double retries(String channel) {
        RetriesReading r = currentRetries();
        return r.failed() ? Double.NaN : r.byChannel().getOrDefault(channel, 0L);
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

    private synchronized RetriesReading currentRetries() {
        long now = System.nanoTime();
        if (retriesReading == null || now - retriesReading.takenAt() > retriesMaxAgeNanos
                // a failed reading serves one scrape only, as the counts' do
                || retriesReading.failed() && now - retriesReading.takenAt() > maxAgeNanos) {
            retriesReading = readRetries(now);
        }
        return retriesReading;
    }

    private Reading read(long now) {
        try {
            Map<String, Long> dispatches = new HashMap<>();
            List<Object[]> rows = jdbc.query(DISPATCHES, rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
            for (Object[] row : rows) {
                dispatches.put(row[0] + "/" + row[1], (Long) row[2]);
            }
            return new Reading(now, false, dispatches, jdbc.count(INBOX_BACKLOG));
        } catch (RuntimeException e) {
            // A scrape must never fail because the database hiccups.
            LOG.debug("metrics not readable: {}", e.getMessage());
            return new Reading(now, true, Map.of(), 0);
        }
    }

    private RetriesReading readRetries(long now) {
        try {
            Map<String, Long> retries = new HashMap<>();
            for (Object[] row : jdbc.query(RETRIES, rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
                retries.put((String) row[0], (Long) row[1]);
            }
            return new RetriesReading(now, false, retries);
        } catch (RuntimeException e) {
            LOG.debug("retry metrics not readable: {}", e.getMessage());
            return new RetriesReading(now, true, Map.of());
        }
    }

    private record Reading(long takenAt, boolean failed, Map<String, Long> dispatches, long inboxBacklog) {
    }

    private record RetriesReading(long takenAt, boolean failed, Map<String, Long> byChannel) {
    }
}
