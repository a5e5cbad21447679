package dev.candidaterouter.writeback;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.candidaterouter.candidate.JobStage;
import java.util.Objects;

/**
 * One write to the ATS the result rules ask for (rules/results/): the order's status ({@value #ORDER_STATUS}), the
 * result as an attachment of an application ({@value #ATTACHMENT}), a move of an application to another stage
 * ({@value #STAGE_MOVE}) or a note on it ({@value #NOTE}, where the ATS takes notes through Knit's passthrough).
 * {@code verdict} is what the rules made of the score (passed, failed, not scored), for the ATS's reader. Stored
 * with the result as JSON ({@code assessment_result.actions_json}); each becomes one send of channel KNIT.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AtsAction {
    public static final String ORDER_STATUS = "ORDER_STATUS";
    public static final String ATTACHMENT = "ATTACHMENT";
    public static final String STAGE_MOVE = "STAGE_MOVE";
    public static final String NOTE = "NOTE";

    private final String type;
    private final String applicationId;
    private final String orderStatus;
    private final String stageId;
    private final String stageName;
    private final String fromStage;
    private final String fromStageId;
    private final String verdict;

    @JsonCreator
    public AtsAction(@JsonProperty("type") String type, @JsonProperty("applicationId") String applicationId,
            @JsonProperty("orderStatus") String orderStatus, @JsonProperty("stageId") String stageId,
            @JsonProperty("stageName") String stageName, @JsonProperty("fromStage") String fromStage,
            @JsonProperty("verdict") String verdict, @JsonProperty("fromStageId") String fromStageId) {
        this.type = type;
        this.applicationId = applicationId;
        this.orderStatus = orderStatus;
        this.stageId = stageId;
        this.stageName = stageName;
        this.fromStage = fromStage;
        this.fromStageId = fromStageId;
        this.verdict = verdict;
    }

    /** The order's status to Knit's Assessments API: {@code COMPLETED} or {@code EXPIRED}. */
    public static AtsAction orderStatus(String status, String verdict) {
        return new AtsAction(ORDER_STATUS, null, status, null, null, null, verdict, null);
    }

    /** The result (the platform's report, or a summary) attached to the application. */
    public static AtsAction attachment(String applicationId, String verdict) {
        return new AtsAction(ATTACHMENT, applicationId, null, null, null, null, verdict, null);
    }

    /**
     * The application moves from stage {@code fromStage} (its name, where the result found it) to {@code stage}; it is
     * not moved if it has left {@code fromStage} by the time the move is sent. The stage is compared by its id
     * ({@code fromStageId}) where the result knew it, since an ATS may name its stages by id only.
     */
    public static AtsAction stageMove(String applicationId, String fromStage, String fromStageId, JobStage stage) {
        return new AtsAction(STAGE_MOVE, applicationId, null, stage.id(), stage.name(), fromStage, null, fromStageId);
    }

    /**
     * A note with the result on the candidate (passthrough, where an adapter is enabled): on the candidate's activity
     * feed, so one per result, about no application ('').
     */
    public static AtsAction note(String verdict) {
        return new AtsAction(NOTE, "", null, null, null, null, verdict, null);
    }

    public String getType() {
        return type;
    }

    public String getApplicationId() {
        return applicationId;
    }

    public String getOrderStatus() {
        return orderStatus;
    }

    public String getStageId() {
        return stageId;
    }

    public String getStageName() {
        return stageName;
    }

    public String getFromStage() {
        return fromStage;
    }

    /** The id of the stage the result found the application at; null when the ATS named it by name only. */
    public String getFromStageId() {
        return fromStageId;
    }

    public String getVerdict() {
        return verdict;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AtsAction a && Objects.equals(type, a.type) && Objects.equals(applicationId, a.applicationId)
                && Objects.equals(orderStatus, a.orderStatus) && Objects.equals(stageId, a.stageId)
                && Objects.equals(stageName, a.stageName) && Objects.equals(fromStage, a.fromStage)
                && Objects.equals(fromStageId, a.fromStageId) && Objects.equals(verdict, a.verdict);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, applicationId, orderStatus, stageId, stageName, verdict);
    }

    @Override
    public String toString() {
        return switch (type) {
            case ORDER_STATUS -> "order status " + orderStatus;
            case STAGE_MOVE -> "move " + applicationId + " to '" + stageName + "'";
            case NOTE -> "note on the candidate" + (verdict == null ? "" : " (" + verdict + ")");
            default -> type.toLowerCase(java.util.Locale.ROOT) + " on " + applicationId + (verdict == null ? "" : " (" + verdict + ")");
        };
    }
}
