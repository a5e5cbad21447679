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

    /** {@link #kind()}: an order from the ATS through Knit's Assessments API. */
    public static final String ASSESSMENT_ORDER = "assessment-order";
    public static final String CANDIDATE_RECORD = "candidate-record";
    public static final String APPLICATION_RECORD = "application-record";
    public static final String JOB_RECORD = "job-record";
    public static final String CANDIDATE_DELETION = "candidate-deletion";
    public static final String APPLICATION_DELETION = "application-deletion";
    public static final String JOB_DELETION = "job-deletion";
    public static final String SYNC_PROGRESS = "sync-progress";
    /** {@link #kind()}: an event type or data type the pipeline has nothing to do with. */
    public static final String UNKNOWN = "unknown";

    /**
     * What the pipeline does with this event, as one name: process-knit-event (candidate-pipeline.yaml) reads it
     * once and act-on-knit-event chooses its branch by it. An order is a record whose {@code eventData} has a
     * {@code candidateAssessment} (knit-closed-loop.md §3; Knit sends it as {@code record.new}, with no documented
     * {@code syncDataType}, so the content tells); one whose {@code candidateAssessment} is not an object still
     * counts, its reading names the problem. Other records and deletions go by their data type; sync progress is
     * {@code sync.events.processed} and {@code sync.events.allConsumed}.
     */
    public String kind() {
        if (RECORD_NEW.equals(eventType) || RECORD_MODIFIED.equals(eventType)) {
            if (eventData != null && eventData.isObject() && eventData.hasNonNull("candidateAssessment")) {
                return ASSESSMENT_ORDER;
            }
            return switch (dataType) {
                case CANDIDATES -> CANDIDATE_RECORD;
                case APPLICATIONS -> APPLICATION_RECORD;
                case JOBS -> JOB_RECORD;
            };
        }
        if (RECORD_DELETED.equals(eventType)) {
            return switch (dataType) {
                case CANDIDATES -> CANDIDATE_DELETION;
                case APPLICATIONS -> APPLICATION_DELETION;
                case JOBS -> JOB_DELETION;
            };
        }
        return SYNC_PROCESSED.equals(eventType) || SYNC_ALL_CONSUMED.equals(eventType) ? SYNC_PROGRESS : UNKNOWN;
    }

    /**
     * The inbox row and Knit's event id; equality stays the record's, field by field. Camel hashes the object a route
     * expression calls a method on ({@code ${body.kind}}, {@code ${exchangeProperty.knitEvent.integrationId}}: its
     * bean-info cache is keyed by the instance), and the record's own hash walked the whole {@code eventData} tree
     * each time.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(inboxSeq) * 31 + (eventId == null ? 0 : eventId.hashCode());
    }

    @Override
    public String toString() {
        return "KnitEvent[" + eventType + " " + dataType.wireName() + " " + eventId + " record=" + recordId + "]";
    }
}
