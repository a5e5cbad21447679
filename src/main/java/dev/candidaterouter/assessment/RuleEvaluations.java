package dev.candidaterouter.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.ProfileAssembler;
import java.io.IOException;
import java.util.List;

/**
 * {@code POST /rules/evaluate}: what would the rules decide for this candidate? Accepts a profile
 * ({@code {"profile": {...}}} with the facts of the rules guide), a Knit event ({@code {"eventData": {...}}}) or
 * bare Knit candidate data ({@code {"info": ..., "skills": ...}}). Nothing is stored or sent: the assembler given
 * here must not store attachments ({@code ResumeLocator.withoutStoring}). Bodies are small (a profile, one
 * candidate's data): the HTTP server refuses larger ones while they arrive ({@code EarlyBodyLimit}).
 */
public class RuleEvaluations {
    private final ObjectMapper mapper;
    private final ProfileAssembler assembler;

    /** @param assembler builds profiles from Knit data without storing anything */
    public RuleEvaluations(ObjectMapper mapper, ProfileAssembler assembler) {
        this.mapper = mapper;
        this.assembler = assembler;
    }

    /** Turns the request body into the profile the rules get. @throws IllegalArgumentException for bad input */
    public CandidateProfile toProfile(byte[] body) {
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("send a JSON object: {\"profile\": {...}}, a Knit event or Knit candidate data");
        }
        CandidateProfile profile;
        if (request.has("profile")) {
            profile = ProfileSpec.toProfile(request.get("profile"));
        } else {
            JsonNode eventData = request.has("eventData") ? request.get("eventData") : request;
            String recordId = request.path("recordId").asText(null);
            profile = assembler.assemble("evaluate", recordId, eventData);
        }
        return profile;
    }

    /**
     * The answer: the decision, the rules that fired, the rule-set version and the profile the rules saw.
     * @param decision what the rules decided, {@code null} when no rule decided
     */
    public String answer(CandidateProfile profile, AssessmentDecision decision, List<String> firedRules,
            String rulesetVersion) throws IOException {
        ObjectNode answer = mapper.createObjectNode();
        answer.set("decision", decision == null ? null : mapper.valueToTree(decision));
        answer.set("firedRules", mapper.valueToTree(firedRules == null ? List.of() : firedRules));
        answer.put("rulesetVersion", rulesetVersion);
        answer.set("profile", mapper.valueToTree(profile));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(answer);
    }
}
