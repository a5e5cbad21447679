package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Knit's {@code ats_candidates} model ids and the {@code eventData} key each one fills. A customer who subscribes
 * to fewer models gets events without the other keys, so the sandbox strips them the same way.
 */
final class CandidateModels {
    static final Map<String, String> KEY_BY_MODEL = Map.of(
            "candidate_info", "info",
            "candidate_education", "education",
            "candidate_locations", "locations",
            "candidate_skills", "skills",
            "candidate_experiences", "experiences",
            "candidate_attachments", "attachments");

    private CandidateModels() {
    }

    static boolean isKnown(String modelId) {
        return KEY_BY_MODEL.containsKey(modelId);
    }

    /**
     * A copy of {@code eventData} holding only the subscribed models' keys; an empty subscription means "all", as
     * a {@code sync.start} without {@code models} keeps the models chosen in Knit's dashboard.
     */
    static ObjectNode onlySubscribed(ObjectNode eventData, Set<String> modelIds) {
        ObjectNode copy = eventData.deepCopy();
        if (modelIds.isEmpty()) {
            return copy;
        }
        Set<String> keys = modelIds.stream().map(KEY_BY_MODEL::get).collect(Collectors.toSet());
        copy.retain(keys);
        return copy;
    }
}
