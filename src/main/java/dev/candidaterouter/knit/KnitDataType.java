package dev.candidaterouter.knit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Knit's data types we sync ({@code sync.start}'s {@code dataType}, the events' {@code syncDataType}), each with the
 * model ids we subscribe to. Events say which type they carry in {@code syncDataType}; where it is missing (Knit's
 * real-time events are not documented to carry it) the content tells: see {@link #of(String, String, JsonNode)}.
 */
public enum KnitDataType {
    CANDIDATES("ats_candidates", List.of("candidate_info", "candidate_education", "candidate_locations",
            "candidate_skills", "candidate_experiences", "candidate_attachments")),
    APPLICATIONS("ats_applications", List.of("application_info", "application_stage", "application_rejection")),
    JOBS("ats_jobs", List.of("job_info", "job_stages"));

    private final String wireName;
    private final List<String> models;

    KnitDataType(String wireName, List<String> models) {
        this.wireName = wireName;
        this.models = models;
    }

    /** As Knit spells it: {@code ats_candidates}, {@code ats_applications}, {@code ats_jobs}. */
    public String wireName() {
        return wireName;
    }

    /** The model ids we ask Knit for in {@code sync.start}. */
    public List<String> models() {
        return models;
    }

    public static Optional<KnitDataType> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (KnitDataType t : values()) {
            if (t.wireName.equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads KNIT_DATA_TYPES: a comma-separated list of wire names, each once.
     *
     * @throws KnitConfigurationException naming the unknown entry and the known ones
     */
    public static List<KnitDataType> parseList(String setting) {
        List<KnitDataType> types = new ArrayList<>();
        for (String entry : (setting == null ? "" : setting).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            KnitDataType type = fromWireName(entry).orElseThrow(() -> new KnitConfigurationException(
                    "KNIT_DATA_TYPES: unknown data type '" + entry.strip() + "'; known: ats_candidates, ats_applications, ats_jobs"));
            if (!types.contains(type)) {
                types.add(type);
            }
        }
        if (types.isEmpty()) {
            throw new KnitConfigurationException("KNIT_DATA_TYPES names no data type; known: ats_candidates, ats_applications, ats_jobs");
        }
        return List.copyOf(types);
    }

    /** The events' keys of {@code record.deleted} data that name each type's record (Knit's documented application keys). */
    private static final Map<String, KnitDataType> DELETION_KEYS = Map.of(
            "applicationId", APPLICATIONS, "candidateId", CANDIDATES, "jobId", JOBS);

    /**
     * Which data type an event carries: its {@code syncDataType} when that is one we know; else, by content. A record
     * with {@code currentStage} or {@code rejection}, or whose {@code info} has {@code jobId}, {@code candidate} or
     * {@code status}, is an application; one with {@code stages} is a job; anything else a candidate (as before data
     * types existed). A deletion naming an {@code applicationId} is an application's, one naming a
     * {@code candidateId} a candidate's, one naming only a {@code jobId} a job's.
     */
    public static KnitDataType of(String syncDataType, String eventType, JsonNode eventData) {
        Optional<KnitDataType> declared = fromWireName(syncDataType);
        if (declared.isPresent()) {
            return declared.get();
        }
        if (eventData == null || !eventData.isObject()) {
            return CANDIDATES;
        }
        if (KnitEvent.RECORD_DELETED.equals(eventType)) {
            for (String key : List.of("applicationId", "candidateId", "jobId")) {
                if (eventData.hasNonNull(key)) {
                    return DELETION_KEYS.get(key);
                }
            }
            return CANDIDATES;
        }
        JsonNode info = eventData.path("info");
        if (eventData.has("currentStage") || eventData.has("rejection")
                || info.has("jobId") || info.has("candidate") || info.has("status")) {
            return APPLICATIONS;
        }
        if (eventData.has("stages")) {
            return JOBS;
        }
        return CANDIDATES;
    }
}
