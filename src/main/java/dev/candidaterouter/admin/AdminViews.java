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
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Read-only answers of the admin API: a candidate's profile, decisions and sends; the dead letters; the rule
 * sets. Contact data is masked unless the caller asks for it with {@code ?reveal=true}.
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

    /** {@code GET /admin/candidates/{id}[?integration=...&reveal=true]}: 404 when unknown. */
    public String candidate(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String id = in.getHeader("id", String.class);
        String integration = in.getHeader("integration", String.class);
        boolean reveal = "true".equalsIgnoreCase(in.getHeader("reveal", String.class));
        String scope = integration == null ? "" : " AND integration_id = ?";
        Object[] args = integration == null ? new Object[] {id} : new Object[] {id, integration};
        ArrayNode states = rows("SELECT integration_id, candidate_id, state, source_updated_at, updated_at, profile_json "
                + "FROM candidate WHERE candidate_id = ?" + scope, args);
        if (states.isEmpty()) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            return json(mapper.createObjectNode().put("error", "no candidate " + id));
        }
        for (JsonNode state : states) {
            ObjectNode s = (ObjectNode) state;
            String profile = s.path("profile_json").asText(null);
            s.remove("profile_json");
            s.set("profile", profile == null ? null : masked(mapper.readTree(profile), reveal));
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.set("candidate", states);
        answer.set("decisions", rows("SELECT id, integration_id, event_id, assessment_id, track, level, channels, unreachable, "
                + "fired_rules, ruleset_version, decided_at FROM decision WHERE candidate_id = ?" + scope + " ORDER BY id", args));
        answer.set("sends", maskErrors(rows("SELECT id, integration_id, assessment_id, channel, status, attempts, last_error, "
                + "provider_id, created_at, sent_at FROM dispatch WHERE candidate_id = ?" + scope + " ORDER BY id", args), reveal));
        answer.put("contactDataMasked", !reveal);
        return json(answer);
    }

    /** {@code GET /admin/dead-letters}: sends that need a person, and inbox events that could not be processed. */
    public String deadLetters(Exchange exchange) throws IOException {
        ObjectNode answer = mapper.createObjectNode();
        answer.set("sends", maskErrors(rows("SELECT id, integration_id, candidate_id, assessment_id, channel, status, attempts, "
                + "last_error, updated_at FROM dispatch WHERE status IN ('dead', 'failed_permanent', 'review') ORDER BY id"), false));
        answer.set("events", maskErrors(rows("SELECT seq, integration_id, event_id, event_type, record_id, status, reason, attempts, "
                + "received_at FROM inbox_event WHERE status IN ('quarantined', 'failed') ORDER BY seq"), false));
        return json(answer);
    }

    /** {@code GET /admin/rules}: every rule set in use, its version and any rejected change. */
    public String rules(Exchange exchange) throws IOException {
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

    private ArrayNode rows(String sql, Object... args) {
        ArrayNode rows = mapper.createArrayNode();
        jdbc.query(sql, this::row, args).forEach(rows::add);
        return rows;
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

    private ObjectNode row(ResultSet rs) throws SQLException {
        ObjectNode row = mapper.createObjectNode();
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            if (value instanceof java.sql.Clob) {
                value = rs.getString(i); // H2 keeps TEXT columns as CLOBs
            }
            String name = meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
            row.set(name, value == null ? null : mapper.valueToTree(value instanceof java.time.temporal.TemporalAccessor
                    || value instanceof java.sql.Timestamp ? String.valueOf(value) : value));
        }
        return row;
    }

    private String json(JsonNode node) throws IOException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }
}
