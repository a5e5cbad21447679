package dev.candidaterouter.knit;

/**
 * One stored webhook request as the inbox hands it to processing: the raw body plus the few envelope fields
 * read at receipt.
 */
public record InboxEvent(long seq, String integrationId, String eventId, String eventType, String recordId, String body,
        int attempts, java.time.Instant receivedAt) {

    @Override
    public String toString() {
        // The body holds personal data: never print it.
        return "InboxEvent[" + seq + " " + eventType + " " + eventId + "]";
    }
}
