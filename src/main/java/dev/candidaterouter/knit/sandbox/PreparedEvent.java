package dev.candidaterouter.knit.sandbox;

/**
 * An event ready to POST: its envelope serialised once, so every redelivery sends (and signs) the very same bytes,
 * as Knit does.
 */
record PreparedEvent(String eventId, String eventType, String syncRunId, String integrationId, byte[] body) {
}
