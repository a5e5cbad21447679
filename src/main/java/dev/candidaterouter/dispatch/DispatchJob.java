package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;
import java.time.Duration;
import java.time.Instant;

/**
 * One send that is due, with what is needed to build its payload: the decision's stored profile and, for
 * notifications, the test link the invitation returned. {@code kind} is {@value #INVITATION} or {@value #REMINDER}
 * (the reminder that follows an invitation on the same channel, with the same link); on channel KNIT, the order
 * status it reports ({@value #ORDER_INVITED}, {@value #ORDER_EXPIRED}) for the ATS's order {@code orderId}, or a
 * write an assessment result asked for ({@code result-*}: {@code resultId}, and the ATS's {@code applicationId}, ''
 * when the write is not about one application). {@code claimedAt} is when this process claimed it (null: not known).
 * {@code remindAfter} and {@code expiresAfter}: an invitation's follow-up as its decision planned it, counted from when
 * it is sent (null: the configured default; always null on other channels), read with the claim so that recording the
 * send is one statement.
 */
public record DispatchJob(long id, String key, String integrationId, String candidateId, String assessmentId,
        Channel channel, int attempts, long decisionId, String level, String reasons, String profileJson,
        String testUrl, String kind, String orderId, String applicationId, Long resultId, Instant claimedAt,
        Duration remindAfter, Duration expiresAfter) {
    public static final String INVITATION = "invitation";
    public static final String REMINDER = "reminder";
    /** Channel KNIT: the ordered invitation went out. */
    public static final String ORDER_INVITED = "order-invited";
    /** Channel KNIT: the ordered invitation expired without a result. */
    public static final String ORDER_EXPIRED = "order-expired";

    /** Channel KNIT, an assessment result: the order's status COMPLETED with the score and report link. */
    public static final String RESULT_ORDER = "result-order";
    /** Channel KNIT, an assessment result: the report (or a summary) attached to an application. */
    public static final String RESULT_ATTACHMENT = "result-attachment";
    /** Channel KNIT, an assessment result: an application moved to its job's next stage (after its attachment). */
    public static final String RESULT_STAGE = "result-stage";
    /** Channel KNIT, an assessment result: a note on the candidate through Knit's passthrough (one ATS's adapter). */
    public static final String RESULT_NOTE = "result-note";

    /** A job of an order report: no application, no result. */
    public DispatchJob(long id, String key, String integrationId, String candidateId, String assessmentId,
            Channel channel, int attempts, long decisionId, String level, String reasons, String profileJson,
            String testUrl, String kind, String orderId) {
        this(id, key, integrationId, candidateId, assessmentId, channel, attempts, decisionId, level, reasons, profileJson,
                testUrl, kind, orderId, "", null, null, null, null);
    }

    /** A job without an order (every channel but KNIT). */
    public DispatchJob(long id, String key, String integrationId, String candidateId, String assessmentId,
            Channel channel, int attempts, long decisionId, String level, String reasons, String profileJson,
            String testUrl, String kind) {
        this(id, key, integrationId, candidateId, assessmentId, channel, attempts, decisionId, level, reasons, profileJson,
                testUrl, kind, null);
    }

    /** A write into the ATS that an assessment result asked for (kinds {@code result-*}). */
    public boolean isAtsWrite() {
        return kind != null && kind.startsWith("result-");
    }

    /**
     * Whether sending this twice could do it twice, so that an outcome-unknown failure (a timeout after the request
     * left) goes to review instead of being retried: an SMS (Twilio takes no idempotency key), and the ATS writes
     * that add something — a note, an attachment. Knit documents no Idempotency-Key and its passthrough cannot
     * forward one to the ATS; a stage move or an order's status sent twice ends the same.
     */
    public boolean isUnsafeToRepeat() {
        return channel == Channel.SMS || RESULT_NOTE.equals(kind) || RESULT_ATTACHMENT.equals(kind);
    }

    /**
     * The row's id; equality stays the record's, field by field. Camel hashes the job each time a route expression
     * calls a method on it (its bean-info cache is keyed by the instance), and the record's own hash read the whole
     * stored profile: 1.4% of the send threads' samples (BENCHMARKS.md round 11).
     */
    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    public boolean isReminder() {
        return REMINDER.equals(kind);
    }

    @Override
    public String toString() {
        return "DispatchJob[" + id + " " + channel + (isReminder() ? " reminder " : " ") + candidateId + " -> " + assessmentId + "]";
    }
}
