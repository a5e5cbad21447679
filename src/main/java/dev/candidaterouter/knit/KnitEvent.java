package dev.candidaterouter.knit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Knit webhook event read from the inbox: the envelope, and {@code eventData} as a JSON tree for the stage
 * that understands its type.
 */
public record KnitEvent(long inboxSeq, String integrationId, String eventId, String eventType, String recordId,
        String syncJobId, String syncRunId, JsonNode eventData) {

    public static final String RECORD_NEW = "record.new";
    public static final String RECORD_MODIFIED = "record.modified";
    public static final String RECORD_DELETED = "record.deleted";
    public static final String SYNC_PROCESSED = "sync.events.processed";
    public static final String SYNC_ALL_CONSUMED = "sync.events.allConsumed";

    /** True for events that carry a candidate record ({@code record.new}, {@code record.modified}). */
    public boolean isCandidateRecord() {
        return RECORD_NEW.equals(eventType) || RECORD_MODIFIED.equals(eventType);
    }

    /** True for {@code record.deleted}. */
    public boolean isDeletion() {
        return RECORD_DELETED.equals(eventType);
    }

    /** True for Knit's sync progress events ({@code sync.events.processed}, {@code sync.events.allConsumed}). */
    public boolean isSyncProgress() {
        return SYNC_PROCESSED.equals(eventType) || SYNC_ALL_CONSUMED.equals(eventType);
    }

    @Override
    public String toString() {
        return "KnitEvent[" + eventType + " " + eventId + " record=" + recordId + "]";
    }
}
