package dev.candidaterouter.knit;

/**
 * A webhook request refused before anything is stored, with the HTTP status to answer: 413 for an oversized
 * body, 415 for a content type that is not JSON, 403 for an integration we do not serve. The message is the
 * client's answer and never repeats what the client sent; {@link #received()} says that, for the log only.
 */
public class RejectedWebhookException extends RuntimeException {
    private final int status;
    private final String received;

    public RejectedWebhookException(int status, String message) {
        this(status, message, null);
    }

    public RejectedWebhookException(int status, String message, String received) {
        super(message);
        this.status = status;
        this.received = received;
    }

    public int status() {
        return status;
    }

    /** For the log line: what was received (clipped, printable), or empty. */
    public String received() {
        return received == null ? "" : " (" + received + ")";
    }
}
