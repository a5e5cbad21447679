package dev.candidaterouter.writeback;

import dev.candidaterouter.candidate.JobStage;
import java.util.List;
import java.util.Locale;

/**
 * One of the candidate's applications as the result rules see it: where it stands ({@code status}, the current
 * {@code stage} name and id) and its job's stages in the ATS's order ({@code jobStages}, empty while the job is not
 * known), so that a rule can name the stage after the current one ({@link #getNextStage()}).
 */
public final class ResultApplication {
    private final String id;
    private final String jobId;
    private final String status;
    private final String stage;
    private final String stageId;
    private final List<JobStage> jobStages;

    public ResultApplication(String id, String jobId, String status, String stage, String stageId, List<JobStage> jobStages) {
        this.id = id;
        this.jobId = jobId;
        this.status = status;
        this.stage = stage;
        this.stageId = stageId;
        this.jobStages = jobStages == null ? List.of() : List.copyOf(jobStages);
    }

    public String getId() {
        return id;
    }

    public String getJobId() {
        return jobId;
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

    public List<JobStage> getJobStages() {
        return jobStages;
    }

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }

    /** True when the current stage is {@code stageName}, both trimmed and compared without regard to case. */
    public boolean isInStage(String stageName) {
        return stage != null && stageName != null
                && stage.strip().toLowerCase(Locale.ROOT).equals(stageName.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether the job's stages are known (the job's record arrived with its stages). */
    public boolean isJobStagesKnown() {
        return !jobStages.isEmpty();
    }

    /**
     * The stage after the current one in the job's order, found by the current stage's id, else by its name; null
     * when the job's stages are not known, the current stage is not among them, or it is the last.
     */
    public JobStage getNextStage() {
        for (int i = 0; i < jobStages.size() - 1; i++) {
            JobStage s = jobStages.get(i);
            boolean current = stageId != null && stageId.equals(s.id()) || s.name() != null && isInStage(s.name());
            if (current) {
                return jobStages.get(i + 1);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id + " " + status + " at '" + stage + "'";
    }
}
