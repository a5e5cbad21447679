package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an {@code ats_jobs} record's {@code eventData}: {@code info} ({@code id}, {@code title}, {@code department}
 * as text or as an object with a {@code name}) and {@code stages}, the job's stages in order, each
 * {@code {id, name}} or {@code {stageId, stageName}}. Forgiving, like {@link ModelReader}.
 */
public class JobReader {

    /**
     * @param recordId the event's {@code recordId}: the job id when {@code info.id} is missing
     * @return the job, or a null value when the event names no job at all
     */
    public ReadRecord<Job> read(JsonNode eventData, String recordId) {
        List<DataIssue> issues = new ArrayList<>();
        if (eventData == null || !eventData.isObject()) {
            issues.add(new DataIssue("eventData", "expected an object with the job's models"));
            return new ReadRecord<>(recordId == null ? null : new Job(recordId, null, null, null, null), issues);
        }
        FieldReader info = FieldReader.object(eventData.get("info"), "info", issues);
        String id = info == null ? null : info.text("id");
        id = id == null || id.isBlank() ? recordId : id;
        if (id == null || id.isBlank()) {
            return new ReadRecord<>(null, issues);
        }
        String department = null;
        if (info != null && info.isObject("department")) {
            department = info.child("department").text("name");
        } else if (info != null) {
            department = info.text("department");
        }
        List<JobStage> stages = FieldReader.objects(eventData.get("stages"), "stages", issues,
                f -> ApplicationReader.stage(f));
        return new ReadRecord<>(new Job(id.strip(), info == null ? null : TrimmedText.of(info.text("title")),
                TrimmedText.of(department), stages.stream().filter(s -> s != null).toList(),
                info == null ? null : info.instant("updatedAt")), issues);
    }
}
