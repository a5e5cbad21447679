package dev.candidaterouter.assessment;

import java.util.List;

/**
 * The next stage of the flow as the decision recorder sees it: turns a recorded decision into pending sends, in the
 * same transaction as the decision. Declared here and implemented by {@code dispatch.DispatchRepository}, so that
 * dispatch depends on assessment and not the other way round.
 */
public interface SendPlanner {
    /** Plans one send per channel of {@code decision}; returns the channels newly planned (none already invited). */
    List<Channel> plan(long decisionId, String integrationId, AssessmentDecision decision);
}
