package dev.candidaterouter.knit.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sandbox retries a webhook delivery that was not answered with HTTP 200: exponential backoff starting at
 * {@code initialBackoff}, multiplied by {@code multiplier} after each failed attempt and capped at {@code maxBackoff},
 * giving up after {@code maxAttempts} attempts in total.
 *
 * <p>Real Knit keeps retrying for about four days; the sandbox compresses that into seconds so a developer sees the
 * retry behaviour without waiting, and tests shrink it further with {@link #quick(int, Duration)}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    /** 8 attempts, 200 ms, doubling, at most 10 s between attempts. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
    }

    /** A test-friendly policy: doubling from {@code initialBackoff}, capped at one second. */
    public static RetryPolicy quick(int maxAttempts, Duration initialBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, 2.0, Duration.ofSeconds(1));
    }

    /**
     * The pause after failed attempt number {@code failedAttempt} (1-based) before the next one.
     */
    public Duration backoffAfter(int failedAttempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
        long capped = (long) Math.min(millis, maxBackoff.toMillis());
        return Duration.ofMillis(capped);
    }
}
