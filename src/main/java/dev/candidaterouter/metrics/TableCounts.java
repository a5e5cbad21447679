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
 * <p>The dispatch table only grows, so what a scrape reads must not grow with it. With every scrape: the sends still
 * open or waiting for a person (pending, sending, failed_permanent, dead, review), ranges of the index on (status,
 * channel, ...) that stay small while the sends keep up. At most once per {@code totalsMaxAge} (a minute): the sends
 * done (sent, cancelled), which are nearly every row, and the retries, which need every row's attempts — one pass
 * over the table for both. Counting the sent sends with every scrape cost PostgreSQL 90 ms per scrape at 216,665
 * sends, growing with each (BENCHMARKS.md, round 26). Those two statuses are the ones an operator reads as rates
 * (and {@code candidate_router_sends_total} counts as they happen); a minute's lag does not hide a queue.
 */
final class TableCounts {
    private static final Logger LOG = LoggerFactory.getLogger(TableCounts.class);
    /** Still open or waiting for a person: few rows, counted with every scrape from the index's ranges. */
    static final List<String> OPEN = List.of("pending", "sending", "failed_permanent", "dead", "review");
    /** Done: nearly every row of the table, counted with the retries (TOTALS), at most once per totalsMaxAge. */
    static final List<String> DONE = List.of("sent", "cancelled");
    // One row per channel and status still open, grouped in the order of ix_dispatch_due_channel so it is read from
    // the index's ranges of those statuses.
    static final String OPEN_DISPATCHES = "SELECT channel, status, COUNT(*) FROM dispatch WHERE status IN ('"
            + String.join("', '", OPEN) + "') GROUP BY status, channel";
    // Every channel and status with its attempts beyond the first (a pending send has 0 attempts): one pass.
    private static final String TOTALS = "SELECT channel, status, COUNT(*), SUM(CASE WHEN attempts > 1 THEN attempts - 1"
            + " ELSE 0 END) FROM dispatch GROUP BY status, channel";
    private static final String INBOX_BACKLOG = "SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')";

    private final Jdbc jdbc;
    private final long maxAgeNanos;
    private final long totalsMaxAgeNanos;
    private Reading reading;
    private TotalsReading totalsReading;

    /**
     * @param maxAge how long one reading serves: long enough for one scrape, much shorter than any scrape interval
     * @param totalsMaxAge how long one reading of the sends done and the retries serves
     */
    TableCounts(DataSource dataSource, Duration maxAge, Duration totalsMaxAge) {
        this.jdbc = new Jdbc(dataSource);
        this.maxAgeNanos = maxAge.toNanos();
        this.totalsMaxAgeNanos = totalsMaxAge.toNanos();
    }

    /** Sends in this channel (as stored) and status; NaN when the tables cannot be read. */
    double dispatches(String channel, String status) {
        if (DONE.contains(status)) {
            TotalsReading r = currentTotals();
            return r.failed() ? Double.NaN : r.dispatches().getOrDefault(channel + "/" + status, 0L);
        }
        Reading r = current();
        return r.failed() ? Double.NaN : r.dispatches().getOrDefault(channel + "/" + status, 0L);
    }

    /** Attempts beyond the first of the sends in this channel; NaN when the tables cannot be read. */
    double retries(String channel) {
        TotalsReading r = currentTotals();
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

    private synchronized TotalsReading currentTotals() {
        long now = System.nanoTime();
        if (totalsReading == null || now - totalsReading.takenAt() > totalsMaxAgeNanos
                // a failed reading serves one scrape only, as the counts' do
                || totalsReading.failed() && now - totalsReading.takenAt() > maxAgeNanos) {
            totalsReading = readTotals(now);
        }
        return totalsReading;
    }

    private Reading read(long now) {
        try {
            Map<String, Long> dispatches = new HashMap<>();
            List<Object[]> rows = jdbc.query(OPEN_DISPATCHES, rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)});
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

    private TotalsReading readTotals(long now) {
        try {
            Map<String, Long> dispatches = new HashMap<>();
            Map<String, Long> retries = new HashMap<>();
            for (Object[] row : jdbc.query(TOTALS,
                    rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)})) {
                dispatches.put(row[0] + "/" + row[1], (Long) row[2]);
                retries.merge((String) row[0], (Long) row[3], Long::sum);
            }
            return new TotalsReading(now, false, dispatches, retries);
        } catch (RuntimeException e) {
            LOG.debug("dispatch totals not readable: {}", e.getMessage());
            return new TotalsReading(now, true, Map.of(), Map.of());
        }
    }

    private record Reading(long takenAt, boolean failed, Map<String, Long> dispatches, long inboxBacklog) {
    }

    /** Every status's count (of which the gauges show the DONE ones) and the retries per channel. */
    private record TotalsReading(long takenAt, boolean failed, Map<String, Long> dispatches, Map<String, Long> retries) {
    }
}
