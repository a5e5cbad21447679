package dev.candidaterouter.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.store.DurableCommits;
import java.util.Locale;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/assessment-results}: the platform's callback. Checks size, content type and the signature
 * over the exact bytes received (constant time), then stores the report through {@link ResultIntake} — matched,
 * waiting for its invitation, or quarantined with the reason — and only then answers. Refusals (nothing stored) throw
 * {@link RefusedResultRequest}; the route answers them.
 */
public class ResultWebhook {
    private static final Logger LOG = LoggerFactory.getLogger(ResultWebhook.class);
    public static final String SOURCE = "webhook";

    private final ResultSignature signature;
    private final ResultIntake intake;
    private final ResultReportReader reader;
    private final long maxBodyBytes;
    private final RouterMetrics metrics;
    private final DurableCommits durableCommits;
    private final ObjectMapper mapper;

    /** @param signature null when ASSESSMENT_WEBHOOK_SECRET is unset: every request is refused with 403 */
    public ResultWebhook(ResultSignature signature, ResultIntake intake, ResultReportReader reader, long maxBodyBytes,
            RouterMetrics metrics, DurableCommits durableCommits, ObjectMapper mapper) {
        this.signature = signature;
        this.intake = intake;
        this.reader = reader;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.durableCommits = durableCommits;
        this.mapper = mapper;
    }

    /**
     * Verifies and stores the report. Returns the answer: {@code {"invitationId", "status", "reason"?}} and sets the
     * HTTP status through {@link Answer#code()}.
     */
    public Answer receive(@Body byte[] body, @Header("Content-Type") String contentType,
            @Header(ResultSignature.HEADER) String signatureValue) {
        if (signature == null) {
            metrics.assessmentResult(SOURCE, "refused", "not_configured");
            throw new RefusedResultRequest(403, "assessment results webhook not configured: set ASSESSMENT_WEBHOOK_SECRET");
        }
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > maxBodyBytes) {
            metrics.assessmentResult(SOURCE, "refused", "too_large");
            throw new RefusedResultRequest(413, "body of " + bytes.length + " bytes exceeds the limit of " + maxBodyBytes);
        }
        if (!isJson(contentType)) {
            metrics.assessmentResult(SOURCE, "refused", "not_json");
            throw new RefusedResultRequest(415, "Content-Type must be application/json");
        }
        if (!signature.matches(bytes, signatureValue)) {
            metrics.assessmentResult(SOURCE, "refused", "bad_signature");
            throw new RefusedResultRequest(401, signatureValue == null ? "missing " + ResultSignature.HEADER + " header"
                    : ResultSignature.HEADER + " does not match the body");
        }
        ResultReport report;
        try {
            report = reader.generic(bytes, false);
        } catch (BadResultReport bad) {
            ResultIntake.Outcome outcome = intake.quarantine(bytes, bad.getMessage(), SOURCE);
            durableCommits.flush();
            LOG.warn("assessment result quarantined ({}): {}", outcome.text(), bad.getMessage());
            return answer(422, null, ResultIntake.Outcome.QUARANTINED, bad.getMessage());
        }
        ResultIntake.Outcome outcome = intake.accept(report, SOURCE);
        // On disk before the platform hears 2xx: it will not send this result again.
        durableCommits.flush();
        return switch (outcome) {
            case STORED, DUPLICATE -> answer(200, report.invitationId(), outcome, null);
            case CANDIDATE_DELETED -> answer(200, report.invitationId(), outcome, "the candidate was deleted: the result is not kept");
            case PENDING -> answer(202, report.invitationId(), outcome,
                    "invitation not known yet: the result is kept and matched when it is, or quarantined as unknown later");
            case QUARANTINED -> answer(422, report.invitationId(), outcome, "unknown invitation");
        };
    }

    private Answer answer(int code, String invitationId, ResultIntake.Outcome outcome, String reason) {
        ObjectNode json = mapper.createObjectNode();
        if (invitationId != null) {
            json.put("invitationId", invitationId);
        }
        json.put("status", outcome.text());
        if (reason != null) {
            json.put("reason", reason);
        }
        return new Answer(code, json.toString());
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** The HTTP status and JSON body of an answer. */
    public record Answer(int code, String body) {
    }
}
