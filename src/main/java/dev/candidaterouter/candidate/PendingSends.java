package dev.candidaterouter.candidate;

/**
 * What a candidate's deletion must stop: the sends planned for them and not sent yet. Declared here and implemented
 * by {@code dispatch.DispatchRepository}, so that candidate does not import dispatch (dispatch comes later in the
 * flow and may depend on candidate, not the other way round).
 */
public interface PendingSends {
    /**
     * How a withdrawal's reason starts (the rules no longer invite the candidate): such a send comes back if a later
     * decision invites them again, unlike one cancelled because the candidate was deleted.
     */
    String WITHDRAWN = "not invited any more: ";

    /** Cancels the candidate's sends that were not sent yet, recording {@code reason}; returns how many. */
    int cancelPending(String integrationId, String candidateId, String reason);
}
