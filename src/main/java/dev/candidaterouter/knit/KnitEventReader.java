package dev.candidaterouter.knit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/** Reads a stored inbox row into a {@link KnitEvent}. */
public class KnitEventReader {
    private final ObjectMapper mapper;

    public KnitEventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public KnitEvent read(InboxEvent row) {
        JsonNode root;
        try {
            root = mapper.readTree(row.body());
        } catch (Exception e) {
            // The envelope was readable at receipt, so this only happens if the row was altered.
            throw new MalformedEventException("event " + row.eventId() + " is not valid JSON: " + e.getMessage());
        }
        JsonNode data = root.path("eventData");
        JsonNode eventData = data.isMissingNode() ? NullNode.getInstance() : data;
        return new KnitEvent(row.seq(), row.integrationId(), row.eventId(), row.eventType(),
                row.recordId(), text(root, "syncJobId"), text(root, "syncRunId"), eventData,
                KnitDataType.of(text(root, "syncDataType"), row.eventType(), eventData));
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }
}
