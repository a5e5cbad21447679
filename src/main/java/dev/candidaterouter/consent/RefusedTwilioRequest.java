package dev.candidaterouter.consent;

/**
 * A request to the Twilio webhook refused before anything is stored, with the status to answer (400 bad form,
 * 403 bad signature or webhook not configured, 415 not a form). The message is the answer's error and never
 * repeats a phone number.
 */
public class RefusedTwilioRequest extends RuntimeException {
    private final int status;

    public RefusedTwilioRequest(int status, String message) {
        super(message);
        this.status = status;
    }

    public int getStatus() {
        return status;
    }
}
