package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.knit.KnitEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an order event's {@code eventData.candidateAssessment} as forgivingly as {@link ApplicationReader} reads
 * applications: a malformed field is left empty and named in the issues (paths from {@code candidateAssessment}),
 * never failing the event. The candidate is {@code candidate.id}, else {@code candidateId} (a spelling Knit has not
 * confirmed, accepted as well); the package is {@code assessmentPackage.{id, name}}, else {@code packageId}.
 */
public class AssessmentOrderReader {
    static final String ROOT = "candidateAssessment";

    /**
     * @param recordId the event's {@code recordId}: the order id when {@code candidateAssessment.id} is missing
     * @return the order, or a null value when the event names no order or no candidate
     */
    public ReadRecord<AssessmentOrder> read(JsonNode eventData, String recordId) {
        List<DataIssue> issues = new ArrayList<>();
        FieldReader order = FieldReader.object(eventData == null ? null : eventData.get(ROOT), ROOT, issues);
        if (order == null) {
            return new ReadRecord<>(null, issues);
        }
        String id = TrimmedText.of(order.text("id"));
        id = id == null ? TrimmedText.of(recordId) : id;
        FieldReader candidate = order.child("candidate");
        String candidateId = candidate == null ? null : TrimmedText.of(candidate.text("id"));
        if (candidateId == null) {
            candidateId = TrimmedText.of(order.text("candidateId"));
        }
        FieldReader pkg = order.child("assessmentPackage");
        String packageId = pkg == null ? null : TrimmedText.of(pkg.text("id"));
        if (packageId == null) {
            packageId = TrimmedText.of(order.text("packageId"));
        }
        String packageName = pkg == null ? null : TrimmedText.of(pkg.text("name"));
        String applicationId = TrimmedText.of(order.text("applicationId"));
        String jobId = TrimmedText.of(order.text("jobId"));
        // Only checked: the ATS's own values, not needed to invite.
        order.text("status");
        order.text("callbackUrl");
        if (id == null || candidateId == null) {
            return new ReadRecord<>(null, issues);
        }
        return new ReadRecord<>(new AssessmentOrder(id, packageId, packageName, applicationId, jobId, candidateId), issues);
    }

    /**
     * The order's {@code candidate} object as a candidate record's {@code eventData} ({@code {"info": candidate}}):
     * it looks like Knit's candidate info model, so a candidate we do not know yet is assembled from it as from a
     * record, until their full record replaces it.
     */
    public JsonNode candidateRecord(KnitEvent event) {
        JsonNode eventData = event.eventData();
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        JsonNode candidate = eventData == null ? null : eventData.path(ROOT).get("candidate");
        if (candidate != null && candidate.isObject()) {
            ObjectNode info = ((ObjectNode) candidate).deepCopy();
            // Ordered by inbox arrival, not by the order's copy of the candidate's updatedAt: the full record that
            // follows must replace this thin profile whatever its own updatedAt says.
            info.remove("updatedAt");
            record.set("info", info);
        }
        return record;
    }
}
