package dev.candidaterouter.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.store.Jdbc;
import java.util.List;
import javax.sql.DataSource;

/**
 * GET /admin/rules/shadow: the shadow rules' decisions beside the live ones of the same events — how many each chose
 * per assessment, how often they agree, and the latest disagreements. Only events both decided are compared (a shadow
 * that failed, or an event whose live transaction rolled back, has no pair). No personal data: candidate ids only.
 */
public class ShadowComparison {
    static final int MAX_DISAGREEMENTS = 500;

    /** The same event and candidate decided by both rule sets. */
    private static final String PAIRS = """
            FROM decision d JOIN shadow_decision s ON s.integration_id = d.integration_id AND s.event_id = d.event_id
                                                AND s.candidate_id = d.candidate_id""";
    /** Agreement: the same assessment, the same channels, the same invited or not. */
    private static final String AGREE = """
            COALESCE(d.assessment_id, '') = COALESCE(s.assessment_id, '') AND d.channels = s.channels
            AND d.invited = s.invited""";

    private final Jdbc jdbc;
    private final ObjectMapper mapper;

    public ShadowComparison(DataSource dataSource, ObjectMapper mapper) {
        this.jdbc = new Jdbc(dataSource);
        this.mapper = mapper;
    }

    /**
     * @param limit how many of the latest disagreements to list: 0 to 500, 20 when absent
     * @throws BadShadowQuery when {@code limit} is not such a number
     */
    public String compare(String limit) throws JsonProcessingException {
        int n = limit(limit);
        long compared = jdbc.count("SELECT COUNT(*) " + PAIRS);
        long agreed = jdbc.count("SELECT COUNT(*) " + PAIRS + " WHERE " + AGREE);
        ObjectNode answer = mapper.createObjectNode();
        answer.put("compared", compared);
        answer.put("agreed", agreed);
        answer.put("agreementRate", compared == 0 ? 1.0 : (double) agreed / compared);
        answer.put("shadowDecisions", jdbc.count("SELECT COUNT(*) FROM shadow_decision"));
        ObjectNode perAssessment = answer.putObject("assessments");
        count("d", perAssessment, "live");
        count("s", perAssessment, "shadow");
        perAssessment.elements().forEachRemaining(counts -> {
            ((ObjectNode) counts).put("live", counts.path("live").asLong(0));
            ((ObjectNode) counts).put("shadow", counts.path("shadow").asLong(0));
        });
        ArrayNode disagreements = answer.putArray("disagreements");
        List<ObjectNode> latest = jdbc.query("""
                SELECT d.integration_id, d.candidate_id, d.event_id, d.assessment_id, d.channels, d.invited,
                       s.assessment_id, s.channels, s.invited, s.ruleset_version, s.decided_at
                """ + PAIRS + " WHERE NOT (" + AGREE + ") ORDER BY s.decided_at DESC, s.id DESC LIMIT " + n, rs -> {
            ObjectNode row = mapper.createObjectNode();
            row.put("integrationId", rs.getString(1));
            row.put("candidateId", rs.getString(2));
            row.put("eventId", rs.getString(3));
            ObjectNode live = row.putObject("live");
            live.put("assessmentId", rs.getString(4));
            live.put("channels", rs.getString(5));
            live.put("invited", rs.getBoolean(6));
            ObjectNode shadow = row.putObject("shadow");
            shadow.put("assessmentId", rs.getString(7));
            shadow.put("channels", rs.getString(8));
            shadow.put("invited", rs.getBoolean(9));
            shadow.put("rulesetVersion", rs.getString(10));
            row.put("decidedAt", String.valueOf(Jdbc.instant(rs, 11)));
            return row;
        });
        latest.forEach(disagreements::add);
        return mapper.writeValueAsString(answer);
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 20;
        }
        try {
            int n = Integer.parseInt(limit.strip());
            if (n >= 0 && n <= MAX_DISAGREEMENTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadShadowQuery("limit must be a whole number from 0 to " + MAX_DISAGREEMENTS);
    }

    /** Per assessment: how many of the compared events {@code side} (d live, s shadow) sent to it. */
    private void count(String side, ObjectNode perAssessment, String field) {
        jdbc.query("SELECT COALESCE(" + side + ".assessment_id, '(none)'), COUNT(*) " + PAIRS + " GROUP BY "
                + side + ".assessment_id", rs -> {
            ObjectNode counts = perAssessment.has(rs.getString(1)) ? (ObjectNode) perAssessment.get(rs.getString(1))
                    : perAssessment.putObject(rs.getString(1));
            counts.put(field, rs.getLong(2));
            return null;
        });
    }
}
