package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;

/**
 * One send that is due, with what is needed to build its payload: the decision's stored profile and, for
 * notifications, the test link the invitation returned. {@code kind} is {@value #INVITATION} or {@value #REMINDER}
 * (the reminder that follows an invitation on the same channel, with the same link); on channel KNIT, the order
 * status it reports ({@value #ORDER_INVITED}, {@value #ORDER_EXPIRED}) for the ATS's order {@code orderId}.
 */
public record DispatchJob(long id, String key, String integrationId, String candidateId, String assessmentId,
        Channel channel, int attempts, long decisionId, String level, String reasons, String profileJson,
        String testUrl, String kind, String orderId) {
    public static final String INVITATION = "invitation";
    public static final String REMINDER = "reminder";
    /** Channel KNIT: the ordered invitation went out. */
    public static final String ORDER_INVITED = "order-invited";
    /** Channel KNIT: the ordered invitation expired without a result. */
    public static final String ORDER_EXPIRED = "order-expired";

    /** A job without an order (every channel but KNIT). */
    public DispatchJob(long id, String key, String integrationId, String candidateId, String assessmentId,
            Channel channel, int attempts, long decisionId, String level, String reasons, String profileJson,
            String testUrl, String kind) {
        this(id, key, integrationId, candidateId, assessmentId, channel, attempts, decisionId, level, reasons, profileJson,
                testUrl, kind, null);
    }

    public boolean isReminder() {
        return REMINDER.equals(kind);
    }

    @Override
    public String toString() {
        return "DispatchJob[" + id + " " + channel + (isReminder() ? " reminder " : " ") + candidateId + " -> " + assessmentId + "]";
    }
}
