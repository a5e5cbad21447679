package dev.candidaterouter.knit.sandbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the sandbox's webhook deliveries achieved so far: attempts and HTTP-200 successes per {@code eventId}, and
 * the events it gave up on. Live and thread-safe; read it after {@link KnitSandbox#awaitIdle} for stable numbers.
 */
public final class DeliveryStats {
    private final AtomicInteger attempts = new AtomicInteger();
    private final Map<String, AtomicInteger> attemptsByEvent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> successesByEvent = new ConcurrentHashMap<>();
    private final List<DeliveryFailure> failures = new CopyOnWriteArrayList<>();

    void recordAttempt(String eventId) {
        attempts.incrementAndGet();
        attemptsByEvent.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
    }

    void recordSuccess(String eventId) {
        successesByEvent.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
    }

    void recordFailure(DeliveryFailure failure) {
        failures.add(failure);
    }

    /** All POST attempts, successful or not, across all runs. */
    public int attempts() {
        return attempts.get();
    }

    /** POST attempts for one event (redeliveries of the same event share its id). */
    public int attempts(String eventId) {
        AtomicInteger count = attemptsByEvent.get(eventId);
        return count == null ? 0 : count.get();
    }

    /** How many times the webhook answered 200 for this event (2 per event in duplicate mode). */
    public int successes(String eventId) {
        AtomicInteger count = successesByEvent.get(eventId);
        return count == null ? 0 : count.get();
    }

    /** A snapshot of the 200-answer counts, by event id. */
    public Map<String, Integer> successesByEventId() {
        Map<String, Integer> snapshot = new java.util.HashMap<>();
        successesByEvent.forEach((id, count) -> snapshot.put(id, count.get()));
        return Map.copyOf(snapshot);
    }

    /** Events given up on after the retry policy ran out, in the order that happened. */
    public List<DeliveryFailure> failures() {
        return List.copyOf(failures);
    }
}
