package dev.candidaterouter.knit;

/**
 * A webhook request refused before anything is stored, with the HTTP status to answer: 413 for an oversized
 * body, 415 for a content type that is not JSON.
 */
public class RejectedWebhookException extends RuntimeException {
    private final int status;

    public RejectedWebhookException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
