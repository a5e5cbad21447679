package dev.candidaterouter.knit.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes tiny Knit sample files into a test folder. */
final class SampleFiles {
    private SampleFiles() {
    }

    /** An initial-sync sample for one candidate with info, education and skills. */
    static void candidate(Path dir, String candidateId) {
        write(dir.resolve(candidateId + ".json"), """
                {"info":{"id":"%s","firstName":"Test","lastName":"Person",
                         "emails":[{"type":"PERSONAL","email":"%s@example.test"}]},
                 "education":[{"id":"e-1","degree":"BSc","institute":"Test University"}],
                 "skills":[{"skillName":"Java","proficiency":"Expert"}]}
                """.formatted(candidateId, candidateId));
    }

    /** A delta-sync sample: record.modified or record.deleted for one candidate. */
    static void change(Path dir, String fileName, String eventType, String candidateId) {
        String eventData = eventType.equals("record.deleted")
                ? "{\"candidateId\":\"" + candidateId + "\"}"
                : "{\"info\":{\"id\":\"" + candidateId + "\",\"title\":\"Staff Engineer\"}}";
        write(dir.resolve("delta").resolve(fileName), """
                {"eventType":"%s","recordId":"%s","eventData":%s}
                """.formatted(eventType, candidateId, eventData));
    }

    private static void write(Path file, String json) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
