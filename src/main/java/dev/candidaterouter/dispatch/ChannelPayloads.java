package dev.candidaterouter.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds what each channel sends, from the profile stored with the decision: the invitation body of our generic
 * assessment contract, the email, the SMS. Built at send time from stored data, so a send resumed after a restart
 * carries exactly what the first attempt would have; the texts come from {@link MessageTemplates}.
 */
public class ChannelPayloads {
    /** The template files the email and the SMS are built from; checked at start-up (RequiredPaths). */
    public static final List<String> TEMPLATE_FILES = List.of("invitation-email.subject", "invitation-email.txt",
            "invitation-email.html", "invitation-sms.txt", "reminder-email.subject", "reminder-email.txt",
            "reminder-email.html", "reminder-sms.txt");

    private final ObjectMapper mapper;
    private final String mailFrom;
    private final String smsFrom;
    private final MessageTemplates templates;

    public ChannelPayloads(ObjectMapper mapper, String mailFrom, String smsFrom, MessageTemplates templates) {
        this.mapper = mapper;
        this.templates = templates;
        this.mailFrom = mailFrom;
        this.smsFrom = smsFrom;
    }

    /** The {@code POST /invitations} body of downstream-apis.md §1. */
    public ObjectNode invitation(DispatchJob job) {
        ProfileFields p = profile(job);
        ObjectNode body = mapper.createObjectNode();
        body.put("candidateId", job.candidateId());
        body.put("assessmentId", job.assessmentId());
        body.put("level", job.level());
        body.set("firstName", p.firstName());
        body.set("lastName", p.lastName());
        body.set("email", p.preferredEmail());
        body.set("phone", p.preferredPhone());
        ArrayNode skills = body.putArray("skills");
        for (JsonNode s : path(p.skills())) {
            ObjectNode skill = skills.addObject();
            skill.put("name", s.path("name").asText());
            skill.put("proficiency", label(s.path("proficiency").asText("UNKNOWN")));
        }
        body.put("yearsOfExperience", BigDecimal.valueOf(path(p.yearsOfExperience()).asDouble(0))
                .setScale(1, RoundingMode.HALF_UP));
        body.set("currentTitle", p.currentTitle());
        body.set("currentCompany", p.currentCompany());
        JsonNode resume = path(p.resume());
        body.set("resumeUrl", resume.hasNonNull("url") ? resume.get("url") : null);
        ArrayNode reasons = body.putArray("reasons");
        if (job.reasons() != null && !job.reasons().isBlank()) {
            Arrays.stream(job.reasons().split("\n")).forEach(reasons::add);
        }
        return body;
    }

    /**
     * The personalised invitation email, or its reminder, from the editable templates (plain text and HTML):
     * {@code invitation-email.*} or {@code reminder-email.*}.
     */
    public EmailMessage email(DispatchJob job) {
        ProfileFields p = profile(job);
        Map<String, String> values = placeholders(p, job);
        String kind = templatePrefix(job);
        String subject = templates.text(kind + "-email.subject", values).strip().lines().findFirst().orElse("");
        return new EmailMessage(path(p.preferredEmail()).asText(), mailFrom, subject,
                templates.text(kind + "-email.txt", values), templates.html(kind + "-email.html", values),
                "<" + job.key() + "@candidate-router>");
    }

    /** The candidate's email address in the decision's profile; null when there is none. */
    public String emailAddress(DispatchJob job) {
        JsonNode email = path(profile(job).preferredEmail());
        return email.isTextual() && !email.asText().isBlank() ? email.asText() : null;
    }

    /**
     * Twilio's form fields: {@code To}, {@code From}, {@code Body} (one short segment with the link), from
     * {@code invitation-sms.txt} or {@code reminder-sms.txt}.
     */
    public Map<String, String> sms(DispatchJob job) {
        ProfileFields p = profile(job);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", path(p.preferredPhone()).asText());
        form.put("From", smsFrom);
        form.put("Body", templates.text(templatePrefix(job) + "-sms.txt", placeholders(p, job)).strip());
        return form;
    }

    /** Each kind of send has its own texts: {@code invitation-*} or {@code reminder-*}. */
    private static String templatePrefix(DispatchJob job) {
        return job.isReminder() ? DispatchJob.REMINDER : DispatchJob.INVITATION;
    }

    /** The values templates may use; templates/README.md documents them. */
    private static Map<String, String> placeholders(ProfileFields profile, DispatchJob job) {
        String firstName = path(profile.firstName()).asText("");
        return Map.of("firstName", firstName.isBlank() ? "there" : firstName.strip(),
                "assessmentName", displayName(job.assessmentId()),
                "testLink", job.testUrl() == null ? "" : job.testUrl());
    }

    /** {@code backend-jvm-advanced} → {@code Backend JVM (advanced)}. */
    static String displayName(String assessmentId) {
        if (assessmentId == null) {
            return "technical";
        }
        List<String> parts = Arrays.asList(assessmentId.split("-"));
        if (parts.size() < 2) {
            return assessmentId;
        }
        String level = parts.get(parts.size() - 1);
        String track = parts.subList(0, parts.size() - 1).stream()
                .map(w -> w.length() <= 3 ? w.toUpperCase(Locale.ROOT) : Character.toUpperCase(w.charAt(0)) + w.substring(1))
                .collect(Collectors.joining(" "));
        return track + " (" + level + ")";
    }

    private ProfileFields profile(DispatchJob job) {
        try {
            return job.profileJson() == null ? ProfileFields.NONE : mapper.readValue(job.profileJson(), ProfileFields.class);
        } catch (IOException e) {
            // Not a network error: no provider was called, and retrying reads the same bytes. (The parser's message
            // would quote the profile, personal data: only its kind is named.)
            throw new PermanentDispatchFailure("stored profile of decision " + job.decisionId()
                    + " is not a JSON object (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A field the profile did not have reads as missing, as {@link JsonNode#path} would. */
    private static JsonNode path(JsonNode field) {
        return field == null ? MissingNode.getInstance() : field;
    }

    private static String label(String proficiency) {
        String p = proficiency.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(p.charAt(0)) + p.substring(1);
    }

    /**
     * What the channels take from the stored profile. Read into this rather than into a tree: a send parses the
     * whole profile (its education, experiences, applications ...) for these few fields, and Jackson skips what it
     * does not bind instead of building it (the parse was 3% of the CPU of a sync, BENCHMARKS.md round 21). A field
     * the profile lacks is {@code null}; one stored as JSON null is {@code NullNode}, as in a tree.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProfileFields(JsonNode firstName, JsonNode lastName, JsonNode preferredEmail, JsonNode preferredPhone,
            JsonNode skills, JsonNode yearsOfExperience, JsonNode currentTitle, JsonNode currentCompany, JsonNode resume) {
        static final ProfileFields NONE = new ProfileFields(null, null, null, null, null, null, null, null, null);
    }

    /** An email as it will be sent; {@code messageId} is derived from the dispatch key. */
    public record EmailMessage(String to, String from, String subject, String text, String html, String messageId) {
    }
}
