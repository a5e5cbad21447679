package dev.candidaterouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * carries exactly what the first attempt would have.
 */
public class ChannelPayloads {
    private final ObjectMapper mapper;
    private final String mailFrom;
    private final String smsFrom;

    public ChannelPayloads(ObjectMapper mapper, String mailFrom, String smsFrom) {
        this.mapper = mapper;
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

    /** The personalised invitation email (plain text and HTML). */
    public EmailMessage email(DispatchJob job) {
        JsonNode p = profile(job);
        String firstName = p.path("firstName").asText("").isBlank() ? "there" : p.path("firstName").asText();
        String assessment = displayName(job.assessmentId());
        String subject = "Your " + assessment + " assessment";
        String text = "Hello " + firstName + ",\n\n"
                + "Thank you for your interest. We have prepared the " + assessment + " assessment for you.\n"
                + "Start it here: " + job.testUrl() + "\n\n"
                + "Good luck!\nThe hiring team\n";
        String html = "<html><body><p>Hello " + escape(firstName) + ",</p>"
                + "<p>Thank you for your interest. We have prepared the <strong>" + escape(assessment)
                + "</strong> assessment for you.</p>"
                + "<p><a href=\"" + escape(job.testUrl()) + "\">Start your assessment</a></p>"
                + "<p>Good luck!<br>The hiring team</p></body></html>";
        return new EmailMessage(p.path("preferredEmail").asText(), mailFrom, subject, text, html,
                "<" + job.key() + "@candidate-router>");
    }

    /** Twilio's form fields: {@code To}, {@code From}, {@code Body} (one short segment with the link). */
    public Map<String, String> sms(DispatchJob job) {
        JsonNode p = profile(job);
        String firstName = p.path("firstName").asText("").isBlank() ? "" : " " + p.path("firstName").asText();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", p.path("preferredPhone").asText());
        form.put("From", smsFrom);
        form.put("Body", "Hi" + firstName + ", your " + displayName(job.assessmentId()) + " assessment: " + job.testUrl());
        return form;
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
            throw new UncheckedIOException("stored profile of decision " + job.decisionId() + " is not JSON", e);
        }
    }

    private static String label(String proficiency) {
        String p = proficiency.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(p.charAt(0)) + p.substring(1);
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** An email as it will be sent; {@code messageId} is derived from the dispatch key. */
    public record EmailMessage(String to, String from, String subject, String text, String html, String messageId) {
    }
}
