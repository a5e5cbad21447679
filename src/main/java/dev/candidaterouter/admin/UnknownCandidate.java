package dev.candidaterouter.admin;

/** No stored candidate has the id asked for: the admin route answers it 404 with this message. */
public class UnknownCandidate extends RuntimeException {
    public UnknownCandidate(String candidateId) {
        super("no candidate " + candidateId);
    }
}
