package dev.candidaterouter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.masking.ContactMask;
import dev.candidaterouter.masking.LogSafeText;
import dev.candidaterouter.store.Jdbc;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Read-only answers of the admin API: a candidate's profile, decisions and sends; the dead letters; the rule
 * sets. Contact data is masked unless the caller asks for it with {@code ?reveal=true}. The routes in
 * {@code routes/admin.yaml} pass the request's parameters and set the answer's status.
 */
public class AdminViews {
    private final Jdbc jdbc;
    private final ObjectMapper mapper;
    private final DroolsComponent drools;

    public AdminViews(DataSource dataSource, ObjectMapper mapper, DroolsComponent drools) {
        this.jdbc = new Jdbc(dataSource);
        this.mapper = mapper;
        this.drools = drools;
    }

    /**
     * {@code GET /admin/candidates/{id}[?integration=...&reveal=true]}. Read here rather than in the route: three
     * queries share the optional integration scope, and the stored profile is masked field by field.
     *
     * @param integration null for every integration
     * @param reveal      {@code "true"} (any case) shows contact data; anything else, or null, masks it
     * @throws UnknownCandidate when no integration has the candidate (the route answers 404)
     */
    public String candidate(String id, String integration, String reveal) throws IOException {
        boolean revealed = "true".equalsIgnoreCase(reveal);
        String scope = integration == null ? "" : " AND integration_id = ?";
        Object[] args = integration == null ? new Object[] {id} : new Object[] {id, integration};
        ArrayNode states = rows("SELECT integration_id, candidate_id, state, source_updated_at, updated_at, profile_json "
                + "FROM candidate WHERE candidate_id = ?" + scope, args);
        if (states.isEmpty()) {
            throw new UnknownCandidate(id);
        }
        for (JsonNode state : states) {
            ObjectNode s = (ObjectNode) state;
            String profile = s.path("profile_json").asText(null);
            s.remove("profile_json");
            s.set("profile", profile == null ? null : masked(mapper.readTree(profile), revealed));
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.set("candidate", states);
        answer.set("decisions", rows("SELECT id, integration_id, event_id, assessment_id, track, level, channels, unreachable, "
                + "fired_rules, ruleset_version, decided_at FROM decision WHERE candidate_id = ?" + scope + " ORDER BY id", args));
        // kind: invitation or reminder; invitation_state, remind_at, expires_at: the invitation's follow-up.
        answer.set("sends", maskErrors(rows("SELECT id, integration_id, assessment_id, channel, kind, application_id, status, attempts, "
                + "last_error, provider_id, created_at, sent_at, invitation_state, remind_at, expires_at FROM dispatch WHERE candidate_id = ?"
                + scope + " ORDER BY id", args), revealed));
        // The platform's results of the candidate's invitations; the report's link may carry the candidate's name.
        ArrayNode results = rows("SELECT id, integration_id, assessment_id, invitation_id, status, score, max_score, percentage, "
                + "report_url, completed_at, source, state, received_at, ruleset_version, decided_at, reason FROM assessment_result "
                + "WHERE candidate_id = ?" + scope + " ORDER BY id", args);
        if (!revealed) {
            results.forEach(r -> {
                if (r.hasNonNull("report_url")) {
                    ((ObjectNode) r).put("report_url", linkHost(r.get("report_url").asText()));
                }
            });
        }
        answer.set("results", maskErrors(results, revealed));
        answer.set("timeline", timeline(scope, args, revealed));
        answer.put("contactDataMasked", !revealed);
        return json(answer);
    }

    /**
     * {@code GET /admin/dead-letters}: the rows the route read (camel-jdbc lists of column-to-value maps) as one
     * answer, their error texts masked for contact data.
     *
     * @param sends  sends that need a person
     * @param events inbox events that could not be processed
     */
    public String deadLetters(List<Map<String, Object>> sends, List<Map<String, Object>> events) throws IOException {
        ObjectNode answer = mapper.createObjectNode();
        answer.set("sends", maskErrors(rows(sends), false));
        answer.set("events", maskErrors(rows(events), false));
        return json(answer);
    }

    /** {@code GET /admin/rules}: every rule set in use, its version and any rejected change. */
    public String rules() throws IOException {
        ArrayNode books = mapper.createArrayNode();
        for (RuleBook book : drools.getRuleBooks()) {
            books.add(mapper.valueToTree(book.status()));
        }
        return json(mapper.createObjectNode().set("ruleSets", books));
    }

    private JsonNode masked(JsonNode profile, boolean reveal) {
        if (reveal || !(profile instanceof ObjectNode p)) {
            return profile;
        }
        p.put("preferredEmail", ContactMask.email(p.path("preferredEmail").asText(null)));
        p.put("preferredPhone", ContactMask.phone(p.path("preferredPhone").asText(null)));
        String initials = ContactMask.name(p.path("firstName").asText(null), p.path("lastName").asText(null));
        p.put("firstName", initials.split(" ")[0]);
        p.put("lastName", initials.split(" ")[1]);
        if (p.path("resume") instanceof ObjectNode resume) {
            maskResume(resume);
        }
        return p;
    }

    /**
     * A resume's file name is often the candidate's name ({@code jane-doe-cv.pdf}), and its stored path holds it
     * too (and says where our disk keeps personal data); a link may carry names or an access token. The masked view
     * keeps the type and whether there is a file or a link, and the link's host.
     */
    private static void maskResume(ObjectNode resume) {
        for (String field : new String[] {"fileName", "storedPath"}) {
            if (resume.hasNonNull(field)) {
                resume.put(field, "***");
            }
        }
        if (resume.hasNonNull("url")) {
            resume.put("url", linkHost(resume.get("url").asText()));
        }
    }

    private static String linkHost(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            return uri.getHost() == null ? "***" : uri.getScheme() + "://" + uri.getHost() + "/***";
        } catch (IllegalArgumentException notAUri) {
            return "***";
        }
    }

    /**
     * The candidate's whole story in time order: the Knit events of their record, the decisions (with the rule set's
     * version), every send (invitation, notification, reminder, ATS write) at the time it went out or else was
     * planned, and the results (received, and decided by the result rules). Texts that may quote contact data are
     * masked unless revealed.
     */
    private ArrayNode timeline(String scope, Object[] args, boolean revealed) {
        List<Map.Entry<java.time.Instant, ObjectNode>> story = new java.util.ArrayList<>();
        jdbc.query("SELECT received_at, event_id, event_type, status, reason FROM inbox_event WHERE record_id = ?" + scope, rs -> {
            ObjectNode e = entry(story, Jdbc.instant(rs, "received_at"), "event");
            e.put("eventId", rs.getString(2));
            e.put("type", rs.getString(3));
            e.put("status", rs.getString(4));
            e.put("reason", maskedText(rs.getString(5), revealed));
            return e;
        }, args);
        jdbc.query("SELECT decided_at, id, assessment_id, track, level, fired_rules, ruleset_version FROM decision WHERE candidate_id = ?"
                + scope, rs -> {
            ObjectNode e = entry(story, Jdbc.instant(rs, "decided_at"), "decision");
            e.put("decisionId", rs.getLong(2));
            e.put("assessmentId", rs.getString(3));
            e.put("track", rs.getString(4));
            e.put("level", rs.getString(5));
            e.put("firedRules", rs.getString(6));
            e.put("rulesetVersion", rs.getString(7));
            return e;
        }, args);
        jdbc.query("SELECT COALESCE(sent_at, created_at) AS sent_or_planned_at, id, channel, kind, application_id, status, attempts, last_error "
                + "FROM dispatch WHERE candidate_id = ?" + scope, rs -> {
            String channel = rs.getString(3);
            String kind = rs.getString(4);
            ObjectNode e = entry(story, Jdbc.instant(rs, "sent_or_planned_at"), "KNIT".equals(channel) ? "ats_write" : "reminder".equals(kind) ? "reminder" : "send");
            e.put("dispatchId", rs.getLong(2));
            e.put("channel", channel);
            e.put("kind", kind);
            e.put("applicationId", rs.getString(5));
            e.put("status", rs.getString(6));
            e.put("attempts", rs.getInt(7));
            e.put("lastError", maskedText(rs.getString(8), revealed));
            return e;
        }, args);
        jdbc.query("SELECT received_at, decided_at, id, assessment_id, status, score, percentage, source, state, ruleset_version "
                + "FROM assessment_result WHERE candidate_id = ?" + scope, rs -> {
            ObjectNode e = entry(story, Jdbc.instant(rs, "received_at"), "result");
            e.put("resultId", rs.getLong(3));
            e.put("assessmentId", rs.getString(4));
            e.put("status", rs.getString(5));
            e.put("score", rs.getBigDecimal(6));
            e.put("percentage", rs.getBigDecimal(7));
            e.put("source", rs.getString(8));
            e.put("state", rs.getString(9));
            java.time.Instant decided = Jdbc.instant(rs, "decided_at");
            if (decided != null) {
                ObjectNode d = entry(story, decided, "result_decision");
                d.put("resultId", rs.getLong(3));
                d.put("rulesetVersion", rs.getString(10));
            }
            return e;
        }, args);
        // Stable: at the same instant, the order above (event, decision, send, result) is the order things happen.
        story.sort(Map.Entry.comparingByKey(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
        ArrayNode timeline = mapper.createArrayNode();
        story.forEach(e -> timeline.add(e.getValue()));
        return timeline;
    }

    private ObjectNode entry(List<Map.Entry<java.time.Instant, ObjectNode>> story, java.time.Instant at, String what) {
        ObjectNode e = mapper.createObjectNode();
        e.put("at", at == null ? null : at.toString());
        e.put("what", what);
        story.add(Map.entry(at == null ? java.time.Instant.MAX : at, e));
        return e;
    }

    private static String maskedText(String text, boolean revealed) {
        return text == null || revealed ? text : LogSafeText.mask(text);
    }

    private ArrayNode rows(String sql, Object... args) {
        return rows(jdbc.query(sql, AdminViews::columns, args));
    }

    private ArrayNode rows(List<Map<String, Object>> rows) {
        ArrayNode answer = mapper.createArrayNode();
        rows.forEach(columns -> answer.add(row(columns)));
        return answer;
    }

    /** Providers echo emails and phone numbers in their errors: masked like the rest unless revealed. */
    private static ArrayNode maskErrors(ArrayNode rows, boolean reveal) {
        if (!reveal) {
            for (JsonNode row : rows) {
                for (String column : new String[] {"last_error", "reason"}) {
                    if (row.hasNonNull(column)) {
                        ((ObjectNode) row).put(column, LogSafeText.mask(row.get(column).asText()));
                    }
                }
            }
        }
        return rows;
    }

    private static Map<String, Object> columns(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            row.put(meta.getColumnLabel(i), value instanceof java.sql.Clob ? rs.getString(i) : value); // H2 keeps TEXT as CLOB
        }
        return row;
    }

    /** One row as JSON: lower-case column names (H2 reports them upper-case), times as text. */
    private ObjectNode row(Map<String, Object> columns) {
        ObjectNode row = mapper.createObjectNode();
        columns.forEach((column, value) -> row.set(column.toLowerCase(Locale.ROOT), value == null ? null
                : mapper.valueToTree(value instanceof TemporalAccessor || value instanceof java.sql.Timestamp ? String.valueOf(value) : value)));
        return row;
    }

    private String json(JsonNode node) throws IOException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
