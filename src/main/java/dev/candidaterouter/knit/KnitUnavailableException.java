package dev.candidaterouter.knit;

/** Knit is busy or failing (429, 5xx, timeout): the call is retried with backoff. */
public class KnitUnavailableException extends RuntimeException {
    public KnitUnavailableException(String message) {
        super(message);
    }
}
