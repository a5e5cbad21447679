package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One of the candidate's applications as the rules see it: the job applied to ({@code jobTitle} null until the job's
 * record is known), where it stands ({@code status}: ACTIVE, REJECTED, HIRED, NOT_SPECIFIED, or null when unknown)
 * and its current {@code stage} name as the ATS shows it. A plain bean rather than a record so that DRL reads it as
 * {@code status}, {@code stage}; {@link #isInStage(String)} compares stage names the way the policy means them.
 */
public final class CandidateApplication {
    private final String id;
    private final String jobId;
    private final String jobTitle;
    private final String status;
    private final String stage;
    private final String stageId;
    private final Instant appliedAt;

    @JsonCreator
    public CandidateApplication(@JsonProperty("id") String id, @JsonProperty("jobId") String jobId,
            @JsonProperty("jobTitle") String jobTitle, @JsonProperty("status") String status,
            @JsonProperty("stage") String stage, @JsonProperty("stageId") String stageId,
            @JsonProperty("appliedAt") Instant appliedAt) {
        this.id = id;
        this.jobId = jobId;
        this.jobTitle = jobTitle;
        this.status = status;
        this.stage = stage;
        this.stageId = stageId;
        this.appliedAt = appliedAt;
    }

    public String getId() {
        return id;
    }

    public String getJobId() {
        return jobId;
    }

    public String getJobTitle() {
        return jobTitle;
    }

    public String getStatus() {
        return status;
    }

    public String getStage() {
        return stage;
    }

    public String getStageId() {
        return stageId;
    }

    public Instant getAppliedAt() {
        return appliedAt;
    }

    /** True when the application is ACTIVE (neither rejected, hired nor of unknown status). */
    @JsonIgnore
    public boolean isActive() {
        return JobApplication.ACTIVE.equals(status);
    }

    /**
     * True when the current stage is {@code stageName}, both trimmed and compared without regard to case:
     * {@code " Technical Assessment "} is in stage {@code "technical assessment"}.
     */
    public boolean isInStage(String stageName) {
        return stage != null && stageName != null
                && stage.strip().toLowerCase(Locale.ROOT).equals(stageName.strip().toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandidateApplication a && Objects.equals(id, a.id) && Objects.equals(jobId, a.jobId)
                && Objects.equals(jobTitle, a.jobTitle) && Objects.equals(status, a.status)
                && Objects.equals(stage, a.stage) && Objects.equals(stageId, a.stageId)
                && Objects.equals(appliedAt, a.appliedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, jobId, status, stage, stageId);
    }

    @Override
    public String toString() {
        return id + " " + status + " at '" + stage + "'";
    }
}
