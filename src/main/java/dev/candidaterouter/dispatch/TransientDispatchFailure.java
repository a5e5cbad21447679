package dev.candidaterouter.dispatch;

import java.time.Duration;

/** A send failed for a passing reason (429, 5xx, timeout); {@code retryAfter} is the provider's wish, if any. */
public class TransientDispatchFailure extends RuntimeException {
    private final Duration retryAfter;

    public TransientDispatchFailure(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
