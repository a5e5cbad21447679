package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.knit.KnitEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Knit's record events to our candidate state: a new or changed profile is accepted only if it is not
 * older than what we hold; a deletion marks the candidate deleted and cancels what was not sent yet.
 */
public class CandidateLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateLifecycle.class);

    private final CandidateRepository candidates;
    private final PendingSends dispatches;
    private final PersonalDataEraser eraser;
    private final boolean eraseOnDelete;
    private final ObjectMapper mapper;
    private final CandidateLocks locks;

    public CandidateLifecycle(CandidateRepository candidates, PendingSends dispatches, PersonalDataEraser eraser,
            boolean eraseOnDelete, ObjectMapper mapper, CandidateLocks locks) {
        this.locks = locks;
        this.candidates = candidates;
        this.dispatches = dispatches;
        this.eraser = eraser;
        this.eraseOnDelete = eraseOnDelete;
        this.mapper = mapper;
    }

    /**
     * The profile we hold for an active candidate, to decide them again when one of their applications changed.
     *
     * @return null when the candidate is not known yet (their application waits for their record, which is then
     *     decided with it), was deleted, or their data was erased
     */
    public CandidateProfile storedProfile(KnitEvent event, String candidateId) {
        if (candidateId == null) {
            return null;
        }
        String json = candidates.activeProfileJson(event.integrationId(), candidateId).orElse(null);
        if (json == null) {
            LOG.info("candidate {} is not known (or no longer active): decided when their record arrives", candidateId);
            return null;
        }
        try {
            return mapper.readValue(json, CandidateProfile.class);
        } catch (Exception e) {
            throw new IllegalStateException("the stored profile of candidate " + candidateId + " cannot be read: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** Stores the candidate's profile as decided again (their record's ordering state is left as it is). */
    public void refresh(String integrationId, CandidateProfile profile, String profileJson) {
        candidates.replaceProfile(integrationId, profile.getCandidateId(), profileJson);
    }

    /**
     * Records the profile as the candidate's latest state.
     *
     * @param profileJson the profile's JSON form, stored with the candidate (and later with the decision)
     * @return null when accepted; else why the event is ignored (stale, the candidate was deleted, no candidate id)
     */
    public String accept(KnitEvent event, CandidateProfile profile, String profileJson) {
        if (profile.getCandidateId() == null || profile.getCandidateId().isBlank()) {
            return "record has neither info.id nor recordId";
        }
        CandidateRepository.Verdict verdict = candidates.accept(event.integrationId(), profile.getCandidateId(),
                KnitEvent.RECORD_NEW.equals(event.eventType()), profile.getUpdatedAt(), event.inboxSeq(), profileJson);
        return verdict.accepted() ? null : verdict.reason();
    }

    /** Handles {@code record.deleted}: the candidate id is in eventData ({@code candidateId} or {@code id}) or recordId. */
    public void delete(KnitEvent event) {
        String candidateId = firstText(event.eventData(), "candidateId", "id");
        if (candidateId == null) {
            candidateId = event.recordId();
        }
        if (candidateId == null) {
            throw new dev.candidaterouter.knit.MalformedEventException("record.deleted names no candidate (no candidateId, id or recordId)");
        }
        // As every event about the candidate: after the one being worked on, before the next (CandidateLocks).
        locks.lock(event.integrationId(), candidateId);
        candidates.markDeleted(event.integrationId(), candidateId, event.inboxSeq());
        int cancelled = dispatches.cancelPending(event.integrationId(), candidateId, "candidate deleted in the ATS");
        LOG.info("candidate {} deleted in the ATS; {} pending send(s) cancelled", candidateId, cancelled);
        if (eraseOnDelete) {
            eraser.erase(event.integrationId(), candidateId);
        }
    }

    private static String firstText(JsonNode data, String... fields) {
        if (data == null) {
            return null;
        }
        for (String f : fields) {
            JsonNode n = data.get(f);
            if (n != null && n.isValueNode() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }
}
