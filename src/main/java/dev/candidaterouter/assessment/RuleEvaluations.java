package dev.candidaterouter.assessment;

import dev.candidaterouter.camel.drools.DroolsConstants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.ProfileAssembler;
import java.io.IOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code POST /rules/evaluate}: what would the rules decide for this candidate? Accepts a profile
 * ({@code {"profile": {...}}} with the facts of the rules guide), a Knit event ({@code {"eventData": {...}}}) or
 * bare Knit candidate data ({@code {"info": ..., "skills": ...}}). Nothing is stored or sent: the assembler given
 * here must not store attachments ({@code ResumeLocator.withoutStoring}). Bodies are small (a profile, one
 * candidate's data): larger ones are refused before they are parsed.
 */
public class RuleEvaluations {
    /** Exchange property with the evaluated profile. */
    static final String PROFILE = "evaluatedProfile";

    private final ObjectMapper mapper;
    private final ProfileAssembler assembler;
    private final long maxBodyBytes;

    /**
     * @param assembler    builds profiles from Knit data without storing anything
     * @param maxBodyBytes largest request body evaluated (RULES_EVALUATE_MAX_BODY_BYTES)
     */
    public RuleEvaluations(ObjectMapper mapper, ProfileAssembler assembler, long maxBodyBytes) {
        this.mapper = mapper;
        this.assembler = assembler;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Refuses a body over the limit with {@link EvaluationRefused} 413, before anything parses it: the declared
     * Content-Length first, then the bytes received (a chunked request declares none).
     */
    public void requireSmallBody(Exchange exchange) {
        Message in = exchange.getMessage();
        Long declared = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        byte[] body = declared != null && declared > maxBodyBytes ? null : in.getBody(byte[].class);
        long size = body == null ? (declared == null ? 0 : declared) : body.length;
        if (size > maxBodyBytes) {
            throw new EvaluationRefused(413, "body of " + size + " bytes exceeds the limit of " + maxBodyBytes
                    + " bytes for rule evaluation");
        }
        in.setBody(body);
    }

    /** Turns the request body into the profile the rules get. @throws IllegalArgumentException for bad input */
    public CandidateProfile toProfile(Exchange exchange) {
        JsonNode request;
        try {
            byte[] body = exchange.getMessage().getBody(byte[].class);
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
        exchange.setProperty(PROFILE, profile);
        return profile;
    }

    /** The answer: the decision, the rules that fired, the rule-set version and the profile the rules saw. */
    public String answer(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        AssessmentDecision decision = in.getBody(AssessmentDecision.class);
        ObjectNode answer = mapper.createObjectNode();
        answer.set("decision", decision == null ? null : mapper.valueToTree(decision));
        @SuppressWarnings("unchecked")
        List<String> fired = in.getHeader(DroolsConstants.FIRED_RULES, List.class);
        answer.set("firedRules", mapper.valueToTree(fired == null ? List.of() : fired));
        answer.put("rulesetVersion", in.getHeader(DroolsConstants.RULESET_VERSION, String.class));
        answer.set("profile", mapper.valueToTree(exchange.getProperty(PROFILE)));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(answer);
    }
}
