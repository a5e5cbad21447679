package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;

/**
 * One send that is due, with what is needed to build its payload: the decision's stored profile and, for
 * notifications, the test link the invitation returned.
 */
public record DispatchJob(long id, String key, String integrationId, String candidateId, String assessmentId,
        Channel channel, int attempts, long decisionId, String level, String reasons, String profileJson,
        String testUrl) {

    @Override
    public String toString() {
        return "DispatchJob[" + id + " " + channel + " " + candidateId + " -> " + assessmentId + "]";
    }
}
