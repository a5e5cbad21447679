package dev.candidaterouter.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of Knit's {@code POST /v1.0/ats.candidate.assessment.update} for one status report of an ATS order
 * (knit-closed-loop.md §3). Knit's reference did not show the body's fields, so what is not confirmed is a setting
 * (README, "Assumptions about Knit"): the names the order id is sent under (KNIT_ORDER_ID_FIELDS, each carrying it)
 * and the status values reported (KNIT_ORDER_INVITED_STATUS, KNIT_ORDER_EXPIRED_STATUS, from Knit's order statuses).
 */
public class KnitOrderReports {
    private final List<String> idFields;
    private final String invitedStatus;
    private final String expiredStatus;

    /**
     * @param idFields comma-separated names of the body fields that carry the order id
     * @param invitedStatus the status reported once the ordered invitation went out
     * @param expiredStatus the status reported once it expired without a result
     */
    public KnitOrderReports(String idFields, String invitedStatus, String expiredStatus) {
        this.idFields = java.util.Arrays.stream(idFields == null ? new String[0] : idFields.split(","))
                .map(String::strip).filter(f -> !f.isEmpty()).toList();
        if (this.idFields.isEmpty()) {
            throw new IllegalArgumentException("KNIT_ORDER_ID_FIELDS names no field for the order id");
        }
        this.invitedStatus = invitedStatus;
        this.expiredStatus = expiredStatus;
    }

    /** The request body for {@code job} (channel KNIT). */
    public Map<String, Object> request(DispatchJob job) {
        if (job.orderId() == null) {
            throw new PermanentDispatchFailure("report to Knit without an order id (dispatch " + job.id() + ")");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        idFields.forEach(field -> body.put(field, job.orderId()));
        body.put("status", status(job.kind()));
        return body;
    }

    private String status(String kind) {
        return switch (kind) {
            case DispatchJob.ORDER_INVITED -> invitedStatus;
            case DispatchJob.ORDER_EXPIRED -> expiredStatus;
            default -> throw new PermanentDispatchFailure("no Knit order status for a report of kind '" + kind + "'");
        };
    }
}
