package dev.candidaterouter.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What reached the (outbox) assessment platform: the invitation files in {@code OUTBOX_DIR/assessment}. */
final class Outbox {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Outbox() {
    }

    /** Invitation files per "candidate/assessment". */
    static Map<String, Integer> invitations(Path outboxDir) {
        Map<String, Integer> count = new HashMap<>();
        Path dir = outboxDir.resolve("assessment");
        if (!Files.isDirectory(dir)) {
            return count;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".json")).forEach(f -> {
                JsonNode n = read(f);
                count.merge(n.path("candidateId").asText() + "/" + n.path("assessmentId").asText(), 1, Integer::sum);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }

    /** Invitations beyond the first per candidate and assessment. */
    static long duplicateInvitations(Path outboxDir) {
        return invitations(outboxDir).values().stream().mapToLong(n -> n - 1L).sum();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
