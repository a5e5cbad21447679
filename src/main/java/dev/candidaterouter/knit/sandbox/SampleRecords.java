package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the sample records one integration's runs are made of: candidates, and in {@code applications/} and
 * {@code jobs/} (each with its own {@code delta/}) applications and jobs, in the same two forms.
 *
 * <ul>
 *   <li>Initial sync: every {@code *.json} directly in the samples folder is one candidate's {@code eventData}
 *       ({@code {"info":{"id":...},"education":[...],...}}) and becomes a {@code record.new} whose record id is
 *       {@code info.id}.</li>
 *   <li>Delta sync: every {@code delta/*.json} is {@code {"eventType":"record.modified"|"record.deleted",
 *       "recordId":"...","eventData":{...}}}. No delta folder means a delta run with no records, which is what Knit
 *       sends when nothing changed.</li>
 * </ul>
 * Files are read in name order so runs are reproducible; the file is named in every error.
 */
final class SampleRecords {
    private static final Set<String> DELTA_TYPES = Set.of(RecordEvent.MODIFIED, RecordEvent.DELETED);

    private final ObjectMapper mapper;

    SampleRecords(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The candidates' sample files a run of this type is made of. */
    List<Path> files(Path samplesDir, SyncType syncType) {
        return files(samplesDir, DataTypeModels.CANDIDATES, syncType);
    }

    /**
     * The sample files a run of this data and sync type is made of, in name order: candidates directly in the samples
     * folder, applications in {@code applications/}, jobs in {@code jobs/}; delta runs in the {@code delta/} folder
     * beside them. A missing folder means a run with no records (none for a data type without samples).
     */
    List<Path> files(Path samplesDir, DataTypeModels dataType, SyncType syncType) {
        Path base = dataType.samplesSubfolder().isEmpty() ? samplesDir : samplesDir.resolve(dataType.samplesSubfolder());
        Path dir = syncType == SyncType.INITIAL_SYNC ? base : base.resolve("delta");
        if ((syncType == SyncType.DELTA_SYNC || dataType != DataTypeModels.CANDIDATES) && !Files.isDirectory(dir)) {
            return List.of();
        }
        return jsonFiles(dir);
    }

    /** Reads and checks one sample file. @throws SampleLoadException naming the file */
    RecordEvent read(Path file, SyncType syncType) {
        return syncType == SyncType.INITIAL_SYNC ? initial(file) : delta(file);
    }

    private RecordEvent initial(Path file) {
        ObjectNode eventData = readObject(file);
        String recordId = eventData.path("info").path("id").asText(null);
        if (recordId == null || recordId.isBlank()) {
            throw new SampleLoadException(file, "info.id is missing; Knit always sends the record's id", null);
        }
        return new RecordEvent(RecordEvent.NEW, recordId, eventData);
    }

    private RecordEvent delta(Path file) {
        ObjectNode change = readObject(file);
        String eventType = change.path("eventType").asText("");
        if (!DELTA_TYPES.contains(eventType)) {
            throw new SampleLoadException(file,
                    "eventType must be record.modified or record.deleted, was '" + eventType + "'", null);
        }
        String recordId = change.path("recordId").asText("");
        if (recordId.isBlank()) {
            throw new SampleLoadException(file, "recordId is missing", null);
        }
        JsonNode eventData = change.get("eventData");
        ObjectNode data = eventData instanceof ObjectNode object ? object : mapper.createObjectNode();
        return new RecordEvent(eventType, recordId, data);
    }

    private List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new SampleLoadException(dir, "cannot list sample files: " + e.getMessage(), e);
        }
    }

    private ObjectNode readObject(Path file) {
        JsonNode node;
        try {
            node = mapper.readTree(file.toFile());
        } catch (IOException e) {
            // Jackson's message quotes the offending text, which may be candidate data: keep only the location.
            String where = e instanceof JsonProcessingException parse && parse.getLocation() != null
                    ? " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr()
                    : "";
            throw new SampleLoadException(file, "not valid JSON" + where, null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new SampleLoadException(file, "expected a JSON object", null);
        }
        return object;
    }
}
