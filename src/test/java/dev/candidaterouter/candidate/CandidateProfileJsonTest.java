package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile is stored as JSON with each decision so analysts see what the rules saw. */
class CandidateProfileJsonTest {
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path attachments;

    @Test
    void profileSerialisesWithItsDerivedFactsIssuesAndIsoDates() throws Exception {
        ObjectNode eventData = Events.sample();
        ((ObjectNode) eventData.get("skills").get(3)).put("proficiency", "Guru");
        CandidateProfile profile = Events.assembler(attachments).assemble("int-1", "rec-1", eventData);

        JsonNode json = mapper.readTree(mapper.writeValueAsString(profile));

        assertThat(json.get("yearsOfExperience").doubleValue()).isCloseTo(profile.getYearsOfExperience(), within(1e-12));
        assertThat(json.get("yearsOfExperience").doubleValue()).isGreaterThan(12.7);
        assertThat(json.get("skills")).hasSize(4);
        assertThat(json.get("skills").get(0).get("name").asText()).isEqualTo("Kotlin");
        assertThat(json.get("skills").get(0).get("proficiency").asText()).isEqualTo("EXPERT");
        assertThat(json.get("skills").get(0).get("position").asInt()).isZero();
        assertThat(json.get("strongestSkill").get("key").asText()).isEqualTo("kotlin");
        assertThat(json.get("dataIssues")).hasSize(1);
        assertThat(json.get("dataIssues").get(0).get("field").asText()).isEqualTo("skills[3].proficiency");
        assertThat(json.get("dataIssues").get(0).get("problem").asText()).contains("'Guru'");
        assertThat(json.get("updatedAt").asText()).isEqualTo("2025-03-09T16:40:12Z");
        assertThat(json.get("resume").get("url").asText()).isEqualTo("https://files.example.com/cv.pdf");
        assertThat(json.get("titleWords")).extracting(JsonNode::asText).containsExactly("senior", "engineer");
    }

    /** A candidate is decided again from the stored profile when an application changes: it must read back whole. */
    @Test
    void aStoredProfileReadsBackWithEveryFactItsApplicationsAndIssues() throws Exception {
        ObjectNode eventData = Events.sample();
        ((ObjectNode) eventData.get("skills").get(3)).put("proficiency", "Guru");
        CandidateProfile profile = Events.assembler(attachments).assemble("int-1", "rec-1", eventData).toBuilder()
                .applications(java.util.List.of(new CandidateApplication("app-1", "job-1", "Backend Engineer", "ACTIVE",
                        "Technical Assessment", "st-3", java.time.Instant.parse("2026-01-02T03:04:05Z"))))
                .applicationsTracked(true)
                .build();

        CandidateProfile read = mapper.readValue(mapper.writeValueAsString(profile), CandidateProfile.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(profile);
        assertThat(read.getApplications().get(0).isInStage(" technical ASSESSMENT")).isTrue();
    }
}
