package dev.candidaterouter.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.candidate.AttachedProfile;
import dev.candidaterouter.candidate.CandidateProfile;
import java.util.List;

/**
 * The pipeline's steps around a decision made before the event's transaction (decide-ahead and choose-assessment in
 * candidate-pipeline.yaml): what is kept of it ({@link DecidedAhead}) and, in the transaction, whether it still holds.
 *
 * <p>The profile's JSON (stored with the candidate and with the decision) is written ahead too: on SQLite the
 * transaction holds the file's one writer, and writing the JSON there was some 15% of the transaction's Java time
 * (BENCHMARKS.md round 12). In the transaction it is written again only when the applications read there differ.
 */
public class DecideAhead {
    private final ObjectMapper mapper;

    public DecideAhead(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * What the rules decided on {@code attached}'s profile (its applications attached) and facts, with the profile's
     * JSON. Takes the attached profile whole rather than its parts: the route passes it as one property, with no
     * property path for Camel to follow (candidate-pipeline.yaml says why that matters).
     */
    public DecidedAhead decided(AssessmentDecision decision, List<String> firedRules, String rulesetVersion,
            AttachedProfile attached) throws JsonProcessingException {
        CandidateProfile profile = attached.profile();
        return DecidedAhead.of(decision, firedRules, rulesetVersion, profile, attached.facts(),
                mapper.writeValueAsString(profile));
    }

    /** The profile read in the transaction, as JSON: the text written ahead if its applications are the same. */
    public String profileJson(DecidedAhead ahead, CandidateProfile profile) throws JsonProcessingException {
        String madeAhead = ahead == null ? null : ahead.profileJsonFor(profile);
        return madeAhead != null ? madeAhead : mapper.writeValueAsString(profile);
    }

    /** {@link DecidedAhead#stillHolds}: the decision made ahead stands on the profile and facts read in the transaction. */
    public boolean stillHolds(DecidedAhead ahead, CandidateProfile profile, List<Object> facts) {
        return DecidedAhead.stillHolds(ahead, profile, facts);
    }
}
