package dev.candidaterouter.results;

/**
 * A results-webhook request refused before anything is stored, with the HTTP status to answer: 401 (signature
 * missing or wrong), 403 (the webhook is not configured), 413 (body too large), 415 (not JSON). The message is the
 * answer; it never repeats what the client sent.
 */
public class RefusedResultRequest extends RuntimeException {
    private final int status;

    public RefusedResultRequest(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
