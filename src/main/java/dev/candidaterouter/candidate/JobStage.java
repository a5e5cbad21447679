package dev.candidaterouter.candidate;

/**
 * A stage of a job's hiring process, or an application's current stage: Knit's stage id and its name as the ATS
 * shows it (e.g. {@code "Technical Assessment"}). Either may be null.
 */
public record JobStage(String id, String name) {
}
