package dev.candidaterouter.writeback;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.dispatch.CancelledSend;
import dev.candidaterouter.dispatch.DispatchJob;
import dev.candidaterouter.dispatch.PermanentDispatchFailure;
import dev.candidaterouter.store.Jdbc;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The request of one write into the ATS that an assessment result asked for (a dispatch of channel KNIT, kind
 * {@code result-*}; knit-closed-loop.md §2 and §3):
 * <ul>
 * <li>{@code result-order}: {@code POST /v1.0/ats.candidate.assessment.update} with the order id (KNIT_ORDER_ID_FIELDS),
 * status {@code COMPLETED} (KNIT_ORDER_COMPLETED_STATUS), the score (field KNIT_ORDER_SCORE_FIELD) and the report link
 * (field KNIT_ORDER_REPORT_FIELD): the body's field names are unconfirmed, hence settings;</li>
 * <li>{@code result-attachment}: {@code POST /v1.0/ats.application.attachment.add} with the fields Knit's page names:
 * the platform's report by {@code fileUrl}, or, when it gave none, a generated one-page summary as base64
 * {@code fileContent}, named {@code <assessmentId>-result.<ext>};</li>
 * <li>{@code result-stage}: {@code POST /v1.0/ats.application.stage.update} with {@code applicationId} and the target
 * stage's id under KNIT_STAGE_ID_FIELD (unconfirmed);</li>
 * <li>{@code result-note}: {@code POST /v1.0/passthrough} with the ATS's own note call ({@link AtsNotes}).</li>
 * </ul>
 * The result's data is read from its row when the write is sent, so a replay sends what was decided.
 */
public class AtsWrites {
    static final String ORDER_UPDATE = "/v1.0/ats.candidate.assessment.update";
    static final String ATTACHMENT_ADD = "/v1.0/ats.application.attachment.add";
    static final String STAGE_UPDATE = "/v1.0/ats.application.stage.update";
    static final String PASSTHROUGH = "/v1.0/passthrough";

    /** The result as stored, with the actions the rules decided. */
    record Result(long id, String assessmentId, String status, BigDecimal score, BigDecimal maxScore, BigDecimal percentage,
            String reportUrl, Instant completedAt, String track, String level, List<AtsAction> actions) {
    }

    private final Jdbc jdbc;
    private final ObjectMapper mapper;
    private final List<String> orderIdFields;
    private final String completedStatus;
    private final String scoreField;
    private final String reportField;
    private final String stageIdField;
    private final AtsNotes notes;

    /**
     * @param orderIdFields comma-separated names of the body fields that carry the order id (KNIT_ORDER_ID_FIELDS)
     */
    public AtsWrites(DataSource dataSource, ObjectMapper mapper, String orderIdFields, String completedStatus,
            String scoreField, String reportField, String stageIdField, AtsNotes notes) {
        this.jdbc = new Jdbc(dataSource);
        this.mapper = mapper;
        this.orderIdFields = Arrays.stream(orderIdFields.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList();
        this.completedStatus = completedStatus.strip();
        this.scoreField = scoreField.strip();
        this.reportField = reportField.strip();
        this.stageIdField = stageIdField.strip();
        this.notes = notes;
    }

    /** The call {@code job} (channel KNIT, kind {@code result-*}) makes. */
    public AtsWrite request(DispatchJob job) {
        if (job.resultId() == null) {
            throw new PermanentDispatchFailure("ATS write " + job.kind() + " without an assessment result (dispatch " + job.id() + ")");
        }
        Result result = result(job.resultId());
        return switch (job.kind()) {
            case DispatchJob.RESULT_ORDER -> new AtsWrite(ORDER_UPDATE, orderUpdate(job, result));
            case DispatchJob.RESULT_ATTACHMENT -> new AtsWrite(ATTACHMENT_ADD, attachment(job, result));
            case DispatchJob.RESULT_STAGE -> new AtsWrite(STAGE_UPDATE, stageUpdate(job, result));
            case DispatchJob.RESULT_NOTE -> new AtsWrite(PASSTHROUGH,
                    notes.passthrough(job.integrationId(), job.candidateId(), noteText(job, result)));
            default -> throw new PermanentDispatchFailure("no ATS write for a dispatch of kind '" + job.kind() + "'");
        };
    }

    private Map<String, Object> orderUpdate(DispatchJob job, Result result) {
        if (job.orderId() == null) {
            throw new PermanentDispatchFailure("order report without an order id (dispatch " + job.id() + ")");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        orderIdFields.forEach(field -> body.put(field, job.orderId()));
        body.put("status", completedStatus);
        body.put(scoreField, result.score());
        if (result.maxScore() != null) {
            body.put("maxScore", result.maxScore());
        }
        if (result.percentage() != null) {
            body.put("percentage", result.percentage());
        }
        if (result.reportUrl() != null) {
            body.put(reportField, result.reportUrl());
        }
        return body;
    }

    private Map<String, Object> attachment(DispatchJob job, Result result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applicationId", job.applicationId());
        body.put("candidateId", job.candidateId());
        if (result.reportUrl() != null && !result.reportUrl().isBlank()) {
            // A link ending .pdf is a PDF; any other link (a report page in HTML, a viewer, no extension at all) may
            // be a login page or a web app rather than a file, so it is not named .html or typed text/html blindly:
            // a neutral name and content type, and the ATS (or Knit, which fetches fileUrl) sees what it really is.
            boolean pdf = "pdf".equals(extension(result.reportUrl()));
            body.put("fileName", result.assessmentId() + "-result" + (pdf ? ".pdf" : ""));
            body.put("fileUrl", result.reportUrl());
            body.put("contentType", pdf ? "application/pdf" : "application/octet-stream");
        } else {
            body.put("fileName", result.assessmentId() + "-result.txt");
            body.put("fileContent", Base64.getEncoder().encodeToString(summary(job, result).getBytes(StandardCharsets.UTF_8)));
            body.put("contentType", "text/plain");
        }
        body.put("fileType", "NOT_SPECIFIED");
        return body;
    }

    private Map<String, Object> stageUpdate(DispatchJob job, Result result) {
        AtsAction move = action(result, AtsAction.STAGE_MOVE, job.applicationId())
                .orElseThrow(() -> new PermanentDispatchFailure("result " + result.id() + " decided no stage move for application "
                        + job.applicationId()));
        if (move.getStageId() == null || move.getStageId().isBlank()) {
            throw new PermanentDispatchFailure("the job's stage '" + move.getStageName() + "' has no id: Knit moves by stage id");
        }
        // Where the application stands now, as the latest Knit event said: a recruiter (or another process) may have
        // moved, rejected or deleted it meanwhile, and moving it "to the next stage" from elsewhere could move it
        // backwards. Not moving it is not a failure: the move ends cancelled, with the reason.
        Optional<String[]> now = jdbc.queryOne("""
                SELECT stage_id, stage_name, state, status FROM job_application
                 WHERE integration_id = ? AND application_id = ?""",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)},
                job.integrationId(), job.applicationId());
        String notMoved = "not moved: application " + job.applicationId();
        if (now.isEmpty()) {
            throw new CancelledSend(notMoved + " is not known any more");
        }
        String stageId = now.get()[0];
        String stageName = now.get()[1];
        if (!"active".equals(now.get()[2])) {
            throw new CancelledSend(notMoved + " was deleted");
        }
        if (!"ACTIVE".equals(now.get()[3])) {
            throw new CancelledSend(notMoved + " is " + now.get()[3] + " now, not ACTIVE");
        }
        if (move.getStageId().equals(stageId)) {
            throw new CancelledSend(notMoved + " is at '" + move.getStageName() + "' already");
        }
        String where = stageName != null ? stageName : stageId;
        boolean leftById = move.getFromStageId() != null && stageId != null && !move.getFromStageId().equals(stageId);
        boolean leftByName = move.getFromStage() != null && stageName != null
                && !move.getFromStage().strip().equalsIgnoreCase(stageName.strip());
        // Known by neither (a move planned before stage ids were kept, an event without a stage): not moved blindly.
        boolean unknown = (move.getFromStageId() == null || stageId == null) && (move.getFromStage() == null || stageName == null);
        if (leftById || leftByName || unknown) {
            throw new CancelledSend(notMoved + " is at '" + where + "' now, not at '"
                    + (move.getFromStage() != null ? move.getFromStage() : move.getFromStageId()) + "' where the result found it");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applicationId", job.applicationId());
        body.put(stageIdField, move.getStageId());
        return body;
    }

    /** The one-page summary attached when the platform gave no report. */
    String summary(DispatchJob job, Result result) {
        String verdict = verdict(result, job.applicationId());
        StringBuilder s = new StringBuilder();
        s.append("Assessment result\n=================\n\n");
        s.append("Candidate:   ").append(job.candidateId()).append('\n');
        s.append("Application: ").append(job.applicationId()).append('\n');
        s.append("Assessment:  ").append(result.assessmentId());
        if (result.track() != null || result.level() != null) {
            s.append(" (track ").append(result.track()).append(", level ").append(result.level()).append(')');
        }
        s.append('\n');
        s.append("Status:      ").append(result.status());
        if (result.completedAt() != null) {
            s.append(" on ").append(result.completedAt());
        }
        s.append('\n');
        s.append("Score:       ").append(scoreText(result)).append('\n');
        if (verdict != null) {
            s.append("Verdict:     ").append(verdict).append(" (the pass marks of rules/results)\n");
        }
        s.append("\nThe assessment platform gave no report for this result; candidate-router wrote this summary.\n");
        return s.toString();
    }

    private String noteText(DispatchJob job, Result result) {
        String verdict = verdict(result, job.applicationId());
        return "Assessment " + result.assessmentId() + " " + result.status() + ": " + scoreText(result)
                + (verdict == null ? "" : " (" + verdict + ")")
                + (result.reportUrl() == null ? "" : ". Report: " + result.reportUrl());
    }

    private static String scoreText(Result result) {
        String score = result.score() == null ? "no score" : result.score().stripTrailingZeros().toPlainString()
                + (result.maxScore() == null ? "" : " of " + result.maxScore().stripTrailingZeros().toPlainString());
        return result.percentage() == null ? score : score + " (" + result.percentage().stripTrailingZeros().toPlainString() + "%)";
    }

    private static String verdict(Result result, String applicationId) {
        return action(result, AtsAction.ATTACHMENT, applicationId).or(() -> action(result, AtsAction.NOTE, applicationId))
                .map(AtsAction::getVerdict).orElse(null);
    }

    private static Optional<AtsAction> action(Result result, String type, String applicationId) {
        return result.actions().stream().filter(a -> type.equals(a.getType()) && applicationId.equals(a.getApplicationId()))
                .findFirst();
    }

    /** The report's file extension from its link's path, lower case; empty when it shows none. */
    static String extension(String url) {
        String path;
        try {
            path = URI.create(url.strip()).getPath();
        } catch (IllegalArgumentException e) {
            path = null;
        }
        if (path != null) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            if (dot > 0 && name.substring(dot + 1).matches("[A-Za-z0-9]{1,5}")) {
                return name.substring(dot + 1).toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    private Result result(long resultId) {
        return jdbc.queryOne("""
                SELECT r.id, r.assessment_id, r.status, r.score, r.max_score, r.percentage, r.report_url, r.completed_at,
                       dec.track, dec.level, r.actions_json
                  FROM assessment_result r
                  JOIN dispatch inv ON inv.id = r.invitation_dispatch_id
                  JOIN decision dec ON dec.id = inv.decision_id
                 WHERE r.id = ?""",
                rs -> new Result(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                        rs.getBigDecimal(6), rs.getString(7), Jdbc.instant(rs, "completed_at"), rs.getString(9),
                        rs.getString(10), actions(rs.getString(11))),
                resultId).orElseThrow(() -> new PermanentDispatchFailure("assessment result " + resultId + " is not stored"));
    }

    private List<AtsAction> actions(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return mapper.readValue(json, new TypeReference<List<AtsAction>>() { });
        } catch (IOException e) {
            throw new PermanentDispatchFailure("the result's stored actions are not JSON: " + e.getMessage());
        }
    }
}
