package dev.candidaterouter.candidate;

import java.time.Instant;
import java.util.List;

/**
 * One of Knit's {@code ats_jobs} records as we keep it: its title and department (for the profile's applications)
 * and its stages in the ATS's order.
 */
public record Job(String id, String title, String department, List<JobStage> stages, Instant updatedAt) {
    public Job {
        stages = NonNullList.copy(stages);
    }
}
