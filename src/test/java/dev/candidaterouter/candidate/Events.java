package dev.candidaterouter.candidate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Test data: Knit candidate eventData and an assembler whose today is {@link #TODAY}. */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();
    static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-30T12:00:00Z"), ZoneOffset.UTC);
    static final String ALLOWED_HOSTS = "files.example.com, *.cdn.example.net";

    private Events() {
    }

    /** A complete, valid eventData using both spellings of the fields Knit names two ways. */
    static ObjectNode sample() {
        try (InputStream in = Events.class.getResourceAsStream("/candidate/knit-candidate-event-data.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON written with single quotes, for readable inline test data. */
    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ProfileAssembler assembler(Path attachmentDir) {
        return new ProfileAssembler(CLOCK,
                new ResumeLocator(OutboundUrlPolicy.fromList(ALLOWED_HOSTS), attachmentDir, 1024));
    }
}
