package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candidaterouter.knit.KnitEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One of Knit's candidate models as it arrived: the model's key in {@code eventData} and its JSON. The pipeline
 * splits an event into these parts ({@link #of(JsonNode)}), reads each with {@link ModelReader} and gathers
 * them with {@link ModelCollector}.
 */
public record ModelPart(String model, JsonNode json) {
    public static final String INFO = "info";
    public static final String EDUCATION = "education";
    public static final String LOCATIONS = "locations";
    public static final String SKILLS = "skills";
    public static final String EXPERIENCES = "experiences";
    public static final String ATTACHMENTS = "attachments";

    /** Knit's six candidate models, in the order the parts are produced. */
    public static final List<String> MODELS = List.of(INFO, EDUCATION, LOCATIONS, SKILLS, EXPERIENCES, ATTACHMENTS);

    /** The parts of a candidate record's event ({@link #of(JsonNode)} of its {@code eventData}). */
    public static List<ModelPart> ofEvent(KnitEvent event) {
        return of(event.eventData());
    }

    /**
     * Splits a {@code record.new}/{@code record.modified} event's {@code eventData} into one part per model
     * present. Keys other than the six models are ignored; a null or non-object {@code eventData} gives no part.
     */
    public static List<ModelPart> of(JsonNode eventData) {
        List<ModelPart> parts = new ArrayList<>();
        if (eventData == null || !eventData.isObject()) {
            return parts;
        }
        for (String model : MODELS) {
            if (eventData.has(model)) {
                parts.add(new ModelPart(model, eventData.get(model)));
            }
        }
        return parts;
    }
}
