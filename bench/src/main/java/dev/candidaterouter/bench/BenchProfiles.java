package dev.candidaterouter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.OutboundUrlPolicy;
import dev.candidaterouter.candidate.ProfileAssembler;
import dev.candidaterouter.candidate.ResumeLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The profiles every rules benchmark evaluates: the sample candidates ({@code samples/knit/*.json}) and the
 * delta modifications ({@code samples/knit/delta/*.json} with candidate data), assembled as the pipeline does, on
 * the day the samples' expected decisions are written for (2026-11-28), so every run sees the same facts.
 */
final class BenchProfiles {
    /** "Today" of samples/README.md's expected decisions. */
    static final Clock SAMPLES_DAY = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private static final String INTEGRATION = "bench-integration";

    private BenchProfiles() {
    }

    /** Reads and assembles every sample; inline resumes are written under {@code attachmentsDir}. */
    static List<CandidateProfile> load(Path samplesDir, Path attachmentsDir) {
        ObjectMapper mapper = new ObjectMapper();
        ProfileAssembler assembler = new ProfileAssembler(SAMPLES_DAY,
                new ResumeLocator(new OutboundUrlPolicy(List.of()), attachmentsDir, ResumeLocator.DEFAULT_MAX_BYTES));
        List<CandidateProfile> profiles = new ArrayList<>();
        for (Path file : jsonFiles(samplesDir)) {
            JsonNode data = read(mapper, file);
            profiles.add(assembler.assemble(INTEGRATION, data.path("info").path("id").asText(), data));
        }
        Path delta = samplesDir.resolve("delta");
        if (Files.isDirectory(delta)) {
            for (Path file : jsonFiles(delta)) {
                JsonNode change = read(mapper, file);
                if (change.path("eventData").has("info")) {
                    profiles.add(assembler.assemble(INTEGRATION, change.path("recordId").asText(), change.get("eventData")));
                }
            }
        }
        if (profiles.isEmpty()) {
            throw new IllegalStateException("no sample candidates in " + samplesDir);
        }
        return List.copyOf(profiles);
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + file, e);
        }
    }
}
