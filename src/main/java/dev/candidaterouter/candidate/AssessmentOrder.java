package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * An order from the ATS (Knit's {@code ats_candidate_assessment}, knit-closed-loop.md §3): the recruiter chose the
 * assessment package for the candidate, in Greenhouse ({@code send_test}) or Ashby ({@code assessment.start}). The
 * rules see the candidate's latest order as this fact; the shipped policy invites to the ordered package without the
 * stage gate. A plain bean rather than a record so that DRL reads it as {@code packageId}, {@code candidateId}.
 */
public final class AssessmentOrder {
    private final String id;
    private final String packageId;
    private final String packageName;
    private final String applicationId;
    private final String jobId;
    private final String candidateId;

    @JsonCreator
    public AssessmentOrder(@JsonProperty("id") String id, @JsonProperty("packageId") String packageId,
            @JsonProperty("packageName") String packageName, @JsonProperty("applicationId") String applicationId,
            @JsonProperty("jobId") String jobId, @JsonProperty("candidateId") String candidateId) {
        this.id = id;
        this.packageId = packageId;
        this.packageName = packageName;
        this.applicationId = applicationId;
        this.jobId = jobId;
        this.candidateId = candidateId;
    }

    /** Knit's id of the order ({@code ats_ass_…}): what the status report names. */
    public String getId() {
        return id;
    }

    /** The ordered package's id ({@code assessmentPackage.id}); null when the order did not say. */
    public String getPackageId() {
        return packageId;
    }

    public String getPackageName() {
        return packageName;
    }

    public String getApplicationId() {
        return applicationId;
    }

    /** Null in Greenhouse's orders; Ashby fills it. */
    public String getJobId() {
        return jobId;
    }

    public String getCandidateId() {
        return candidateId;
    }

    /** Equal when every field is: a decision made on one order stands for an equal one read later (DecidedAhead). */
    @Override
    public boolean equals(Object o) {
        return o instanceof AssessmentOrder a && Objects.equals(id, a.id)
                && Objects.equals(packageId, a.packageId) && Objects.equals(packageName, a.packageName)
                && Objects.equals(applicationId, a.applicationId) && Objects.equals(jobId, a.jobId)
                && Objects.equals(candidateId, a.candidateId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, packageId, packageName, applicationId, jobId, candidateId);
    }

    @Override
    public String toString() {
        return "AssessmentOrder[" + id + " package " + packageId + " for candidate " + candidateId + "]";
    }
}
