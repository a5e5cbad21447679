package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an {@code ats_applications} record's {@code eventData} ({@code info}, {@code currentStage},
 * {@code rejection}) as forgivingly as {@link ModelReader} reads candidates: a malformed field is left empty and
 * named in the issues, never failing the event. Field spellings Knit has not confirmed are accepted in both forms
 * seen: {@code currentStage} as {@code {id, name}} or {@code {stageId, stageName}}; the candidate as
 * {@code info.candidate.id} or {@code info.candidateId}.
 */
public class ApplicationReader {
    private static final Set<String> STATUSES = Set.of(JobApplication.ACTIVE, JobApplication.REJECTED,
            JobApplication.HIRED, JobApplication.NOT_SPECIFIED);

    /**
     * @param recordId the event's {@code recordId}: the application id when {@code info.id} is missing
     * @return the application, or a null value when the event names no application at all
     */
    public ReadRecord<JobApplication> read(JsonNode eventData, String recordId) {
        List<DataIssue> issues = new ArrayList<>();
        if (eventData == null || !eventData.isObject()) {
            issues.add(new DataIssue("eventData", eventData == null || eventData.isNull() || eventData.isMissingNode()
                    ? "missing: the record carries no application data"
                    : "expected an object with the application's models, was " + FieldReader.kind(eventData)));
            return new ReadRecord<>(recordId == null ? null
                    : new JobApplication(recordId, null, null, null, null, null, null), issues);
        }
        FieldReader info = FieldReader.object(eventData.get("info"), "info", issues);
        String id = info == null ? null : info.text("id");
        id = id == null || id.isBlank() ? recordId : id;
        if (id == null || id.isBlank()) {
            return new ReadRecord<>(null, issues);
        }
        String candidateId = null;
        String jobId = null;
        String status = null;
        if (info != null) {
            FieldReader candidate = info.child("candidate");
            candidateId = candidate == null ? null : candidate.text("id");
            if (candidateId == null) {
                candidateId = info.text("candidateId");
            }
            jobId = info.text("jobId");
            status = status(info);
        }
        JobStage stage = stage(FieldReader.object(eventData.get("currentStage"), "currentStage", issues));
        // Only checked: the reason is the ATS's text, not needed for the decision.
        FieldReader.object(eventData.get("rejection"), "rejection", issues);
        return new ReadRecord<>(new JobApplication(id.strip(), TrimmedText.of(candidateId), TrimmedText.of(jobId), status,
                stage, info == null ? null : info.instant("appliedAt"), info == null ? null : info.instant("updatedAt")),
                issues);
    }

    private static String status(FieldReader info) {
        String text = info.text("status");
        if (text == null || text.isBlank()) {
            return null;
        }
        String status = text.strip().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            info.report("status", "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
                    + "' is not a known status (ACTIVE, REJECTED, HIRED, NOT_SPECIFIED)");
            return null;
        }
        return status;
    }

    /** {@code {id, name}} or {@code {stageId, stageName}}; null when absent or unreadable. */
    static JobStage stage(FieldReader f) {
        if (f == null) {
            return null;
        }
        String id = f.text("id", "stageId");
        String name = f.text("name", "stageName");
        return id == null && name == null ? null : new JobStage(TrimmedText.of(id), TrimmedText.of(name));
    }
}
