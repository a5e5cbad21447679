package dev.candidaterouter.dispatch;

/** A provider refused a send in a way retrying cannot fix (e.g. 400, invalid number, SMTP 550). */
public class PermanentDispatchFailure extends RuntimeException {
    public PermanentDispatchFailure(String message) {
        super(message);
    }
}
