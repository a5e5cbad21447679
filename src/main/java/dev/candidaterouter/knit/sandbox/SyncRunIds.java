package dev.candidaterouter.knit.sandbox;

/**
 * The ids the sandbox answers {@code sync.start} with and stamps on every event of that run. The job id is stable
 * per integration (Knit has one sync job per integration and data type); each run gets a new run id.
 */
public record SyncRunIds(String syncJobId, String syncRunId) {
}
