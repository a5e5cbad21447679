package dev.candidaterouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        JsonNode p = profile(job);
        ObjectNode body = mapper.createObjectNode();
        body.put("candidateId", job.candidateId());
        body.put("assessmentId", job.assessmentId());
        body.put("level", job.level());
        body.set("firstName", p.path("firstName").isMissingNode() ? null : p.get("firstName"));
        body.set("lastName", p.path("lastName").isMissingNode() ? null : p.get("lastName"));
        body.set("email", p.get("preferredEmail"));
        body.set("phone", p.get("preferredPhone"));
        ArrayNode skills = body.putArray("skills");
        for (JsonNode s : p.path("skills")) {
            ObjectNode skill = skills.addObject();
            skill.put("name", s.path("name").asText());
            skill.put("proficiency", label(s.path("proficiency").asText("UNKNOWN")));
        }
        body.put("yearsOfExperience", BigDecimal.valueOf(p.path("yearsOfExperience").asDouble(0))
                .setScale(1, RoundingMode.HALF_UP));
        body.set("currentTitle", p.get("currentTitle"));
        body.set("currentCompany", p.get("currentCompany"));
        JsonNode resume = p.path("resume");
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
        JsonNode p = profile(job);
        Map<String, String> values = placeholders(p, job);
        String kind = templatePrefix(job);
        String subject = templates.text(kind + "-email.subject", values).strip().lines().findFirst().orElse("");
        return new EmailMessage(p.path("preferredEmail").asText(), mailFrom, subject,
                templates.text(kind + "-email.txt", values), templates.html(kind + "-email.html", values),
                "<" + job.key() + "@candidate-router>");
    }

    /** The candidate's email address in the decision's profile; null when there is none. */
    public String emailAddress(DispatchJob job) {
        JsonNode email = profile(job).path("preferredEmail");
        return email.isTextual() && !email.asText().isBlank() ? email.asText() : null;
    }

    /**
     * Twilio's form fields: {@code To}, {@code From}, {@code Body} (one short segment with the link), from
     * {@code invitation-sms.txt} or {@code reminder-sms.txt}.
     */
    public Map<String, String> sms(DispatchJob job) {
        JsonNode p = profile(job);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", p.path("preferredPhone").asText());
        form.put("From", smsFrom);
        form.put("Body", templates.text(templatePrefix(job) + "-sms.txt", placeholders(p, job)).strip());
        return form;
    }

    /** Each kind of send has its own texts: {@code invitation-*} or {@code reminder-*}. */
    private static String templatePrefix(DispatchJob job) {
        return job.isReminder() ? DispatchJob.REMINDER : DispatchJob.INVITATION;
    }

    /** The values templates may use; templates/README.md documents them. */
    private static Map<String, String> placeholders(JsonNode profile, DispatchJob job) {
        String firstName = profile.path("firstName").asText("");
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

    private JsonNode profile(DispatchJob job) {
        try {
            return job.profileJson() == null ? mapper.createObjectNode() : mapper.readTree(job.profileJson());
        } catch (IOException e) {
            // Not a network error: no provider was called, and retrying reads the same bytes. (The parser's message
            // would quote the profile, personal data: only its kind is named.)
            throw new PermanentDispatchFailure("stored profile of decision " + job.decisionId() + " is not JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String label(String proficiency) {
        String p = proficiency.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(p.charAt(0)) + p.substring(1);
    }

    /** An email as it will be sent; {@code messageId} is derived from the dispatch key. */
    public record EmailMessage(String to, String from, String subject, String text, String html, String messageId) {
    }
}
