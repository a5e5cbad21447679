package dev.candidaterouter.candidate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.knit.InboxOutcome;
import dev.candidaterouter.knit.KnitEvent;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Knit's record events to our candidate state: a new or changed profile is accepted only if it is not
 * older than what we hold; a deletion marks the candidate deleted and cancels what was not sent yet.
 */
public class CandidateLifecycle {
    /** Exchange property with the {@link KnitEvent} being processed. */
    public static final String EVENT = "knitEvent";
    /** Exchange property with the profile's JSON form, written once and stored with the candidate and the decision. */
    public static final String PROFILE_JSON = "profileJson";

    private static final Logger LOG = LoggerFactory.getLogger(CandidateLifecycle.class);

    private final CandidateRepository candidates;
    private final PendingSends dispatches;
    private final ObjectMapper mapper;
    private final PersonalDataEraser eraser;
    private final boolean eraseOnDelete;

    public CandidateLifecycle(CandidateRepository candidates, PendingSends dispatches, ObjectMapper mapper,
            PersonalDataEraser eraser, boolean eraseOnDelete) {
        this.candidates = candidates;
        this.dispatches = dispatches;
        this.mapper = mapper;
        this.eraser = eraser;
        this.eraseOnDelete = eraseOnDelete;
    }

    /**
     * Records the profile in the body as the candidate's latest state, or marks the exchange as ignored (property
     * {@link InboxOutcome#IGNORED_REASON}) when the event is stale or the candidate was deleted.
     */
    public void accept(Exchange exchange) throws JsonProcessingException {
        CandidateProfile profile = exchange.getMessage().getBody(CandidateProfile.class);
        KnitEvent event = exchange.getProperty(EVENT, KnitEvent.class);
        if (profile.getCandidateId() == null || profile.getCandidateId().isBlank()) {
            exchange.setProperty(InboxOutcome.IGNORED_REASON, "record has neither info.id nor recordId");
            return;
        }
        String json = mapper.writeValueAsString(profile);
        exchange.setProperty(PROFILE_JSON, json);
        CandidateRepository.Verdict verdict = candidates.accept(event.integrationId(), profile.getCandidateId(),
                KnitEvent.RECORD_NEW.equals(event.eventType()), profile.getUpdatedAt(), event.inboxSeq(), json);
        if (!verdict.accepted()) {
            exchange.setProperty(InboxOutcome.IGNORED_REASON, verdict.reason());
        }
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
