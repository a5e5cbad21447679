package dev.candidaterouter.knit.sandbox;

/**
 * An event the sandbox gave up on after its retry policy ran out.
 *
 * @param lastProblem the last status code or I/O error seen, for the log and for tests
 */
public record DeliveryFailure(String eventId, String eventType, String syncRunId, int attempts, String lastProblem) {
}
