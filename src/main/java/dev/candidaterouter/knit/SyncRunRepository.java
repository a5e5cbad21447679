package dev.candidaterouter.knit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Knit's bookkeeping events ({@code sync.events.*}): one row each, logged as sync progress. */
public class SyncRunRepository {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRunRepository.class);

    /** The last sync event seen, for health and the admin API. */
    public record SyncRun(String integrationId, String eventType, String status, Long processed, Long emitted,
            Instant receivedAt) {
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public SyncRunRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    public void record(KnitEvent event) {
        JsonNode d = event.eventData();
        Long processed = number(d, "processed");
        Long emitted = number(d, "emitted");
        Long consumed = number(d, "consumed");
        String status = d.hasNonNull("status") ? d.get("status").asText() : null;
        jdbc.update("""
                INSERT INTO sync_run (integration_id, event_id, event_type, sync_job_id, sync_run_id, status, processed,
                                      emitted, consumed, complete, started_at, finished_at, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                event.integrationId(), event.eventId(), event.eventType(), event.syncJobId(), event.syncRunId(), status,
                processed, emitted, consumed, d.hasNonNull("complete") ? d.get("complete").asBoolean() : null,
                epochMillis(d, "startedAt"), epochMillis(d, "processedAt"), clock.instant());
        LOG.info("knit sync {} for integration {}: status={} processed={} emitted={} consumed={} (run {})",
                event.eventType(), event.integrationId(), status, processed, emitted, consumed, event.syncRunId());
    }

    public Optional<SyncRun> latest() {
        return jdbc.queryOne("""
                SELECT integration_id, event_type, status, processed, emitted, received_at FROM sync_run
                 ORDER BY id DESC LIMIT 1""",
                rs -> new SyncRun(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.nullableLong(rs, 4),
                        Jdbc.nullableLong(rs, 5), Jdbc.instant(rs, "received_at")));
    }

    /** Knit sends counts as numbers or strings; anything else is kept as unknown rather than failing. */
    private static Long number(JsonNode d, String field) {
        JsonNode n = d.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.canConvertToLong()) {
            return n.asLong();
        }
        try {
            return Long.parseLong(n.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant epochMillis(JsonNode d, String field) {
        Long ms = number(d, field);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
