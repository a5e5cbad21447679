package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One record-level event a run will emit, before it gets its envelope and event id. */
record RecordEvent(String eventType, String recordId, ObjectNode eventData) {
    static final String NEW = "record.new";
    static final String MODIFIED = "record.modified";
    static final String DELETED = "record.deleted";
}
