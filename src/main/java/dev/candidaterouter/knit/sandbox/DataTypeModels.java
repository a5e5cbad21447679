package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The data types the sandbox serves ({@code ats_candidates}, {@code ats_applications}, {@code ats_jobs}), each with
 * Knit's model ids and the {@code eventData} key each one fills, and the folder of the samples its records come
 * from. A customer who subscribes to fewer models gets events without the other keys, so the sandbox strips them
 * the same way.
 */
enum DataTypeModels {
    CANDIDATES("ats_candidates", "", Map.of(
            "candidate_info", "info",
            "candidate_education", "education",
            "candidate_locations", "locations",
            "candidate_skills", "skills",
            "candidate_experiences", "experiences",
            "candidate_attachments", "attachments")),
    APPLICATIONS("ats_applications", "applications", Map.of(
            "application_info", "info",
            "application_stage", "currentStage",
            "application_rejection", "rejection",
            "application_interviews", "interviews",
            "application_offers", "offers",
            "application_attachments", "attachments")),
    JOBS("ats_jobs", "jobs", Map.of(
            "job_info", "info",
            "job_stages", "stages"));

    private final String wireName;
    private final String samplesSubfolder;
    private final Map<String, String> keyByModel;

    DataTypeModels(String wireName, String samplesSubfolder, Map<String, String> keyByModel) {
        this.wireName = wireName;
        this.samplesSubfolder = samplesSubfolder;
        this.keyByModel = keyByModel;
    }

    String wireName() {
        return wireName;
    }

    /** Where this type's samples live under an integration's samples folder: candidates at its top, others in a subfolder. */
    String samplesSubfolder() {
        return samplesSubfolder;
    }

    static Optional<DataTypeModels> fromWireName(String name) {
        for (DataTypeModels t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static String wireNames() {
        return java.util.Arrays.stream(values()).map(DataTypeModels::wireName).collect(Collectors.joining(", "));
    }

    boolean isKnown(String modelId) {
        return keyByModel.containsKey(modelId);
    }

    /**
     * A copy of {@code eventData} holding only the subscribed models' keys; an empty subscription means "all", as
     * a {@code sync.start} without {@code models} keeps the models chosen in Knit's dashboard.
     */
    ObjectNode onlySubscribed(ObjectNode eventData, Set<String> modelIds) {
        ObjectNode copy = eventData.deepCopy();
        if (modelIds.isEmpty()) {
            return copy;
        }
        Set<String> keys = modelIds.stream().map(keyByModel::get).collect(Collectors.toSet());
        copy.retain(keys);
        return copy;
    }
}
