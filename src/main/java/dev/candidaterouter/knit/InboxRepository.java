package dev.candidaterouter.knit;

import dev.candidaterouter.store.GroupCommit;
import dev.candidaterouter.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The durable inbox of webhook requests. Knit's delivery is at-least-once, so the inbox is unique per Knit
 * eventId and a repeat is recognised at insert — whatever integration header came with it, since the signature
 * does not cover that header (V3). Processing claims rows with conditional
 * updates, which lets several processes share one database without handing out a row twice; a claim
 * left by a crashed process expires after {@code claimTimeout}.
 */
public class InboxRepository {
    /** Row states. */
    public static final String RECEIVED = "received";
    public static final String PROCESSING = "processing";
    public static final String PROCESSED = "processed";
    public static final String IGNORED = "ignored";
    public static final String QUARANTINED = "quarantined";
    public static final String FAILED = "failed";

    /**
     * Rows waiting to be processed, oldest first. The ORDER BY names the index's columns from the first
     * ({@code ix_inbox_status}: status, seq): H2 reads in index order only then, otherwise it sorts the backlog.
     */
    static final String WAITING_QUERY = "SELECT seq FROM inbox_event WHERE status = ? ORDER BY status, seq LIMIT %d";

    private final Jdbc jdbc;
    private final Clock clock;
    private final String instanceId;
    private final Duration claimTimeout;
    private final int maxAttempts;
    /** Up to 64 webhook requests in one transaction; more than the HTTP worker pool has at once. */
    private final GroupCommit<NewEvent, Boolean> storing = new GroupCommit<>(this::storeAll, 64);

    public InboxRepository(DataSource dataSource, Clock clock, String instanceId, Duration claimTimeout, int maxAttempts) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.instanceId = instanceId;
        this.claimTimeout = claimTimeout;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Stores a verified request. A body whose envelope could not be read is stored as quarantined with the
     * reason, so it is kept for inspection and acknowledged (Knit would otherwise resend the same bytes for days).
     * On SQLite, requests stored at the same moment share one transaction ({@link GroupCommit}) and so one turn at
     * the file's one writer; each returns once its row is committed. PostgreSQL and H2 take concurrent writers (and
     * PostgreSQL groups WAL flushes itself): there each request inserts on its own, one statement (a shared
     * transaction, then with a savepoint per row for the duplicates, measured slower: BENCHMARKS.md round 9).
     *
     * @return true when stored, false when this event id was already in the inbox (under any integration)
     */
    public boolean store(String integrationId, EnvelopeKeys keys, byte[] body) {
        NewEvent event = new NewEvent(integrationId, keys, body, clock.instant());
        return jdbc.hasSingleWriter() ? storing.write(event) : insert(event);
    }

    /** A verified request on its way into the inbox. */
    private record NewEvent(String integrationId, EnvelopeKeys keys, byte[] body, Instant receivedAt) {
    }

    /** One transaction, one turn at SQLite's one writer, for the events; one result per event, in their order. */
    private List<Boolean> storeAll(List<NewEvent> events) {
        return jdbc.inTransaction(() -> events.stream().map(this::insert).toList());
    }

    private boolean insert(NewEvent event) {
        EnvelopeKeys keys = event.keys();
        String status = keys.isValid() ? RECEIVED : QUARANTINED;
        return jdbc.insertIfAbsent("""
                INSERT INTO inbox_event (integration_id, event_id, event_type, record_id, body, body_sha256, status,
                                         reason, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                event.integrationId(), keys.eventId(), clip(keys.eventType(), 100), keys.recordId(),
                storableText(event.body()), keys.bodySha256(), status, clip(keys.problem(), 2000),
                event.receivedAt());
    }

    /**
     * Claims up to {@code limit} rows that wait for processing (new ones, and ones whose claim expired), oldest
     * first. Each row is taken by a conditional update, so a row claimed by another process is skipped.
     */
    public List<InboxEvent> claimBatch(int limit) {
        Instant now = Jdbc.asStored(clock.instant()); // looked for by equality in the read of what was claimed
        Instant expired = now.minus(claimTimeout);
        // Two index range scans (status, seq) rather than one OR, which would scan every processed row.
        List<Long> candidates = new ArrayList<>(jdbc.query(WAITING_QUERY.formatted(limit), rs -> rs.getLong(1), RECEIVED));
        if (candidates.size() < limit) {
            candidates.addAll(jdbc.query("""
                    SELECT seq FROM inbox_event WHERE status = ? AND claimed_at < ? ORDER BY status, seq
                     LIMIT %d""".formatted(limit - candidates.size()),
                    rs -> rs.getLong(1), PROCESSING, expired));
        }
        if (candidates.isEmpty()) {
            return List.of(); // no transaction, so no turn at SQLite's writer, for a poll that found nothing
        }
        // One UPDATE for the batch, in one transaction with the read of what it took: one statement where a batch of
        // one per row cost the server a statement each (BENCHMARKS.md, round 24). Rows are locked in seq order, so two
        // processes claiming at once on PostgreSQL wait for each other rather than deadlock (Jdbc.keysLockedInOrder).
        List<Object> claim = new ArrayList<>(List.of(PROCESSING, instanceId, now));
        claim.addAll(candidates);
        claim.addAll(List.of(RECEIVED, PROCESSING, expired));
        // What this claim took: the rows of the list it wrote its owner and moment on (a row it did not take has
        // another owner or state, or an older claim).
        List<Object> taken = new ArrayList<>(candidates);
        taken.addAll(List.of(PROCESSING, instanceId, now));
        return jdbc.inTransaction(() -> {
            int claimed = jdbc.update("""
                    UPDATE inbox_event SET status = ?, claimed_by = ?, claimed_at = ?, attempts = attempts + 1
                     WHERE seq IN""" + jdbc.keysLockedInOrder("inbox_event", "seq", candidates.size())
                    + " AND (status = ? OR (status = ? AND claimed_at < ?))", claim.toArray());
            return claimed == 0 ? List.<InboxEvent>of() : jdbc.query("""
                    SELECT seq, integration_id, event_id, event_type, record_id, body, attempts, received_at
                      FROM inbox_event WHERE seq IN""" + Jdbc.inList(candidates.size())
                    + " AND status = ? AND claimed_by = ? AND claimed_at = ? ORDER BY seq",
                    rs -> new InboxEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7), Jdbc.instant(rs, "received_at")),
                    taken.toArray());
        });
    }

    /** Marks a claimed row finished with the given final state and an optional reason. */
    public void finish(long seq, String status, String reason) {
        jdbc.update("UPDATE inbox_event SET status = ?, reason = ?, processed_at = ? WHERE seq = ?",
                status, clip(reason, 2000), clock.instant(), seq);
    }

    /**
     * Records a processing failure: the row goes back to {@code received} for another try, or to {@code failed}
     * once it used up its attempts.
     */
    public void fail(long seq, int attempts, String reason) {
        String next = attempts >= maxAttempts ? FAILED : RECEIVED;
        jdbc.update("UPDATE inbox_event SET status = ?, reason = ?, claimed_by = NULL, claimed_at = NULL WHERE seq = ?",
                next, clip(reason, 2000), seq);
    }

    /** Rows waiting to be processed (for health and metrics). */
    public long backlog() {
        return jdbc.count("SELECT COUNT(*) FROM inbox_event WHERE status IN (?, ?)", RECEIVED, PROCESSING);
    }

    /** Row count per status, for tests and the admin API. */
    public long countByStatus(String status) {
        return jdbc.count("SELECT COUNT(*) FROM inbox_event WHERE status = ?", status);
    }

    /**
     * The body as text for the TEXT column. A raw NUL byte is never valid JSON (such a body is quarantined), but
     * PostgreSQL refuses NUL in text, so the insert failed and Knit's every retry got 503: it is kept as U+FFFD.
     * body_sha256 still identifies the exact bytes received.
     */
    private static String storableText(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
