package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Wraps a run's records in Knit's event envelope ({@code eventId}, {@code eventType}, {@code eventData},
 * {@code syncType}, {@code syncDataType}, {@code syncJobId}, {@code syncRunId}, {@code recordId}) and adds the
 * closing {@code sync.events.processed} event. Each event gets a fresh UUID as its id, kept for all redeliveries.
 */
final class EnvelopeWriter {
    static final String PROCESSED = "sync.events.processed";

    private final ObjectMapper mapper;

    EnvelopeWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** One record's event, signed and ready to send. */
    PreparedEvent record(SyncRunIds ids, String integrationId, SyncType syncType, DataTypeModels dataType,
                         RecordEvent record, Set<String> models) {
        // record.deleted carries ids only; model filtering applies to full records.
        ObjectNode data = RecordEvent.DELETED.equals(record.eventType())
                ? record.eventData().deepCopy()
                : dataType.onlySubscribed(record.eventData(), models);
        return prepare(ids, integrationId, syncType, dataType, record.eventType(), data, record.recordId());
    }

    /**
     * The event that closes a run. Counts are numbers; times are epoch milliseconds as strings, as in Knit's
     * glossary.
     */
    PreparedEvent processed(SyncRunIds ids, String integrationId, SyncType syncType, DataTypeModels dataType, int recordCount,
                            Instant startedAt, Instant processedAt) {
        ObjectNode data = mapper.createObjectNode()
                .put("status", "SUCCESS")
                .put("processed", recordCount)
                .put("emitted", recordCount)
                .put("startedAt", Long.toString(startedAt.toEpochMilli()))
                .put("processedAt", Long.toString(processedAt.toEpochMilli()))
                .put("complete", true);
        return prepare(ids, integrationId, syncType, dataType, PROCESSED, data, null);
    }

    private PreparedEvent prepare(SyncRunIds ids, String integrationId, SyncType syncType, DataTypeModels dataType, String eventType,
                                  ObjectNode eventData, String recordId) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode envelope = mapper.createObjectNode()
                .put("eventId", eventId)
                .put("eventType", eventType);
        envelope.set("eventData", eventData);
        envelope.put("syncType", syncType.wireName())
                .put("syncDataType", dataType.wireName())
                .put("syncJobId", ids.syncJobId())
                .put("syncRunId", ids.syncRunId());
        if (recordId != null) {
            envelope.put("recordId", recordId);
        }
        try {
            return new PreparedEvent(eventId, eventType, ids.syncRunId(), integrationId,
                    mapper.writeValueAsBytes(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Jackson tree could not be serialised", e);
        }
    }
}
