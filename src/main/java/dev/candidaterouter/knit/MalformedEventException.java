package dev.candidaterouter.knit;

/** An inbox event that cannot be understood: it is quarantined with this message as the reason, never retried. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
