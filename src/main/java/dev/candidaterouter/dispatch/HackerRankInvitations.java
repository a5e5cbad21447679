package dev.candidaterouter.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The request of HackerRank for Work's "invite candidate to a test" ({@code ASSESSMENT_API_FLAVOR=hackerrank}):
 * the test comes from the mapping file {@code assessment-tests.properties} in the rules folder
 * ({@code assessmentId = HackerRank test id}), so analysts who add an assessment to the rules also map it.
 * The file is read at each send: a mapping added after a failure works on replay without a restart.
 */
public class HackerRankInvitations {
    private final ChannelPayloads payloads;
    private final ObjectMapper mapper;
    private final Path mappingFile;

    public HackerRankInvitations(ChannelPayloads payloads, ObjectMapper mapper, Path mappingFile) {
        this.payloads = payloads;
        this.mapper = mapper;
        this.mappingFile = mappingFile;
    }

    /** The request body: {@code email}, {@code full_name}, {@code send_email: false}, {@code tags}. */
    public ObjectNode request(DispatchJob job) {
        ObjectNode invitation = payloads.invitation(job);
        ObjectNode body = mapper.createObjectNode();
        body.set("email", invitation.get("email"));
        String fullName = (invitation.path("firstName").asText("") + " " + invitation.path("lastName").asText("")).strip();
        body.put("full_name", fullName);
        // We send our own email with the link; HackerRank's would be a second invitation.
        body.put("send_email", false);
        body.putArray("tags").add("candidate-router").add(job.assessmentId()).add(job.level() == null ? "" : job.level());
        return body;
    }

    /**
     * The HackerRank test mapped to the assessment.
     * @throws PermanentDispatchFailure when the mapping file cannot be read or maps no test to it
     */
    public String testId(String assessmentId) {
        Properties mapping = new Properties();
        if (Files.isRegularFile(mappingFile)) {
            try (Reader in = Files.newBufferedReader(mappingFile, StandardCharsets.UTF_8)) {
                mapping.load(in);
            } catch (IOException e) {
                // Before HackerRank is called: not a network error. Fails for good with the reason; replay once fixed.
                throw new PermanentDispatchFailure("cannot read HackerRank test mapping " + mappingFile + " ("
                        + e.getClass().getSimpleName() + "): fix ASSESSMENT_TEST_MAPPING and replay");
            }
        }
        String testId = mapping.getProperty(assessmentId, "").strip();
        if (testId.isEmpty()) {
            throw new PermanentDispatchFailure("no HackerRank test mapped for assessment '" + assessmentId + "': add '"
                    + assessmentId + " = <test id>' to " + mappingFile + " and replay");
        }
        return testId;
    }
}
