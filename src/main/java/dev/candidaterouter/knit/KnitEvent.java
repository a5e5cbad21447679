package dev.candidaterouter.knit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Knit webhook event read from the inbox: the envelope, and {@code eventData} as a JSON tree for the stage
 * that understands its type.
 */
public record KnitEvent(long inboxSeq, String integrationId, String eventId, String eventType, String recordId,
        String syncJobId, String syncRunId, JsonNode eventData, KnitDataType dataType) {

    public KnitEvent {
        if (dataType == null) {
            dataType = KnitDataType.of(null, eventType, eventData);
        }
    }

    /** An event whose data type is told by its content ({@link KnitDataType#of}). */
    public KnitEvent(long inboxSeq, String integrationId, String eventId, String eventType, String recordId,
            String syncJobId, String syncRunId, JsonNode eventData) {
        this(inboxSeq, integrationId, eventId, eventType, recordId, syncJobId, syncRunId, eventData, null);
    }

    public static final String RECORD_NEW = "record.new";
    public static final String RECORD_MODIFIED = "record.modified";
    public static final String RECORD_DELETED = "record.deleted";
    public static final String SYNC_PROCESSED = "sync.events.processed";
    public static final String SYNC_ALL_CONSUMED = "sync.events.allConsumed";

    /** True for events that carry a record ({@code record.new}, {@code record.modified}) of any data type. */
    public boolean isRecord() {
        return RECORD_NEW.equals(eventType) || RECORD_MODIFIED.equals(eventType);
    }

    /** True for events that carry a candidate record ({@code record.new}, {@code record.modified}). */
    public boolean isCandidateRecord() {
        return isRecord() && dataType == KnitDataType.CANDIDATES && !isAssessmentOrder();
    }

    /**
     * True for an order from the ATS through Knit's Assessments API: a record whose {@code eventData} has a
     * {@code candidateAssessment} (knit-closed-loop.md §3; Knit sends it as {@code record.new}, with no documented
     * {@code syncDataType}, so the content tells). A {@code candidateAssessment} that is not an object still counts:
     * the order's reading names the problem.
     */
    public boolean isAssessmentOrder() {
        return isRecord() && eventData != null && eventData.isObject() && eventData.hasNonNull("candidateAssessment");
    }

    /** True for events that carry an application record. */
    public boolean isApplicationRecord() {
        return isRecord() && dataType == KnitDataType.APPLICATIONS;
    }

    /** True for events that carry a job record. */
    public boolean isJobRecord() {
        return isRecord() && dataType == KnitDataType.JOBS;
    }

    /** True for {@code record.deleted}, of any data type. */
    public boolean isDeletion() {
        return RECORD_DELETED.equals(eventType);
    }

    /** True for a candidate's {@code record.deleted}. */
    public boolean isCandidateDeletion() {
        return isDeletion() && dataType == KnitDataType.CANDIDATES;
    }

    /** True for an application's {@code record.deleted}. */
    public boolean isApplicationDeletion() {
        return isDeletion() && dataType == KnitDataType.APPLICATIONS;
    }

    /** True for a job's {@code record.deleted}. */
    public boolean isJobDeletion() {
        return isDeletion() && dataType == KnitDataType.JOBS;
    }

    /** True for Knit's sync progress events ({@code sync.events.processed}, {@code sync.events.allConsumed}). */
    public boolean isSyncProgress() {
        return SYNC_PROCESSED.equals(eventType) || SYNC_ALL_CONSUMED.equals(eventType);
    }

    @Override
    public String toString() {
        return "KnitEvent[" + eventType + " " + dataType.wireName() + " " + eventId + " record=" + recordId + "]";
    }
}
