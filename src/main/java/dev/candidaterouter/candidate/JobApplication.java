package dev.candidaterouter.candidate;

import java.time.Instant;

/**
 * One of Knit's {@code ats_applications} records as we keep it: a candidate applying to a job, where that
 * application stands ({@code status}: ACTIVE, REJECTED, HIRED or NOT_SPECIFIED; null when missing or unreadable) and
 * its current stage. Only ids, status, stage and dates are kept: the application's copy of the candidate's name and
 * contact data is not needed, so it is not stored.
 */
public record JobApplication(String id, String candidateId, String jobId, String status, JobStage currentStage,
        Instant appliedAt, Instant updatedAt) {
    public static final String ACTIVE = "ACTIVE";
    public static final String REJECTED = "REJECTED";
    public static final String HIRED = "HIRED";
    public static final String NOT_SPECIFIED = "NOT_SPECIFIED";
}
