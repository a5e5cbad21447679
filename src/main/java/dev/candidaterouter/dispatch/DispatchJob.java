package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;

/**
 * One send that is due, with what is needed to build its payload: the decision's stored profile and, for
 * notifications, the test link the invitation returned. {@code kind} is {@value #INVITATION} or {@value #REMINDER}
 * (the reminder that follows an invitation on the same channel, with the same link).
 */
public record DispatchJob(long id, String key, String integrationId, String candidateId, String assessmentId,
        Channel channel, int attempts, long decisionId, String level, String reasons, String profileJson,
        String testUrl, String kind) {
    public static final String INVITATION = "invitation";
    public static final String REMINDER = "reminder";

    public boolean isReminder() {
        return REMINDER.equals(kind);
    }

    @Override
    public String toString() {
        return "DispatchJob[" + id + " " + channel + (isReminder() ? " reminder " : " ") + candidateId + " -> " + assessmentId + "]";
    }
}
