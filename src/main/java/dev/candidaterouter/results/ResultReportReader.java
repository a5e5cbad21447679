package dev.candidaterouter.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.candidaterouter.masking.LogSafeText;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads a platform's report of an invitation's result into a {@link ResultReport}, or says what is wrong with it
 * ({@link BadResultReport}, naming the field). The generic contract (downstream-apis.md §1) is the callback's body
 * and the answer of {@code GET /invitations/{id}}; HackerRank's candidate (knit-closed-loop.md §4) is mapped onto it.
 */
public final class ResultReportReader {
    /** The columns hold DECIMAL(14,4): larger numbers are no plausible score either. */
    private static final BigDecimal LARGEST = new BigDecimal("1000000000");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    public static final String PENDING = "pending";

    private final ObjectMapper mapper;

    public ResultReportReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The generic contract: {@code {invitationId, status: completed|expired, score, maxScore, reportUrl, completedAt}}.
     *
     * @param pendingAllowed true for a poll's answer, where {@code "pending"} means no result yet (then null)
     */
    public ResultReport generic(byte[] body, boolean pendingAllowed) {
        JsonNode node = object(body);
        String invitationId = invitationId(node.get("invitationId"), "invitationId");
        JsonNode statusNode = node.get("status");
        String status = statusNode != null && statusNode.isTextual() ? statusNode.asText() : null;
        if (pendingAllowed && PENDING.equals(status)) {
            return null;
        }
        if (!ResultReport.COMPLETED.equals(status) && !ResultReport.EXPIRED.equals(status)) {
            throw new BadResultReport(statusNode == null || statusNode.isNull() ? "status is missing (completed or expired)"
                    : "status " + (statusNode.isTextual() ? "'" + clip(statusNode.asText()) + "'" : clip(statusNode.toString()))
                            + " is unknown: completed or expired");
        }
        BigDecimal maxScore = number(node, "maxScore");
        if (maxScore != null && maxScore.signum() <= 0) {
            throw new BadResultReport("maxScore " + maxScore.toPlainString() + " is out of range: it must be above 0");
        }
        BigDecimal score = number(node, "score");
        if (score == null && ResultReport.COMPLETED.equals(status)) {
            throw new BadResultReport("score is missing: a completed result needs one");
        }
        if (score != null && (score.signum() < 0 || (maxScore != null && score.compareTo(maxScore) > 0))) {
            throw new BadResultReport("score " + score.toPlainString() + " is out of range 0.." + (maxScore == null ? "" : maxScore.toPlainString()));
        }
        return new ResultReport(invitationId, status, score, maxScore, null, url(node, "reportUrl"), time(node, "completedAt"),
                new String(body, StandardCharsets.UTF_8));
    }

    /**
     * HackerRank's {@code GET /x/api/v3/tests/{testId}/candidates/{candidateId}}: status 7 is completed (the report is
     * generated); anything else is no result yet (null). {@code score}, {@code percentage_score}, {@code report_url} or
     * else {@code pdf_url}, {@code attempt_endtime}. The stored body is the generic shape, without the candidate's
     * email and name that HackerRank's answer carries.
     */
    public ResultReport hackerRank(String candidateId, byte[] body) {
        JsonNode node = object(body);
        if (node.path("data").isObject()) {
            node = node.get("data");
        }
        if (node.path("status").asInt(-1) != 7) {
            return null;
        }
        BigDecimal score = number(node, "score");
        BigDecimal percentage = number(node, "percentage_score");
        if (score != null && score.signum() < 0) {
            throw new BadResultReport("score " + score.toPlainString() + " is out of range: it must be 0 or more");
        }
        if (percentage != null && (percentage.signum() < 0 || percentage.compareTo(HUNDRED) > 0)) {
            throw new BadResultReport("percentage_score " + percentage.toPlainString() + " is out of range 0..100");
        }
        String reportUrl = url(node, "report_url");
        if (reportUrl == null) {
            reportUrl = url(node, "pdf_url");
        }
        Instant completedAt = time(node, "attempt_endtime");
        ObjectNode stored = mapper.createObjectNode();
        stored.put("invitationId", candidateId);
        stored.put("status", ResultReport.COMPLETED);
        stored.put("score", score);
        stored.put("percentage", percentage);
        stored.put("reportUrl", reportUrl);
        stored.put("completedAt", completedAt == null ? null : completedAt.toString());
        return new ResultReport(candidateId, ResultReport.COMPLETED, score, null, percentage, reportUrl, completedAt, stored.toString());
    }

    /** HackerRank's {@code invite_valid: false}: the invitation is withdrawn, no result will come. */
    public boolean hackerRankInviteWithdrawn(byte[] body) {
        JsonNode node = object(body);
        if (node.path("data").isObject()) {
            node = node.get("data");
        }
        return node.path("invite_valid").isBoolean() && !node.get("invite_valid").asBoolean();
    }

    private JsonNode object(byte[] body) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (java.io.IOException e) {
            String problem = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new BadResultReport("body is not JSON: " + clip(LogSafeText.mask(problem)));
        }
        if (node == null || !node.isObject()) {
            throw new BadResultReport("body is not a JSON object");
        }
        return node;
    }

    private static String invitationId(JsonNode node, String field) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw new BadResultReport(field + " is missing");
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new BadResultReport(field + " is not a string");
        }
        if (node.asText().length() > 500) {
            throw new BadResultReport(field + " is longer than 500 characters");
        }
        // It becomes a key column and a log field: a NUL (which PostgreSQL refuses, so the platform would be told to
        // retry for ever) or a line break (a forged log line) is refused here, naming the field.
        if (node.asText().codePoints().anyMatch(Character::isISOControl)) {
            throw new BadResultReport(field + " contains control characters");
        }
        return node.asText().strip();
    }

    private static BigDecimal number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new BadResultReport(field + " is not a number: " + clip(value.toString()));
        }
        BigDecimal number;
        try {
            number = value.decimalValue();
        } catch (NumberFormatException infinite) {
            throw new BadResultReport(field + " is out of range: " + clip(value.toString()));
        }
        if (number.abs().compareTo(LARGEST) >= 0) {
            throw new BadResultReport(field + " " + clip(number.toPlainString()) + " is out of range");
        }
        return number;
    }

    private static String url(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return null;
        }
        String text = value.asText();
        try {
            URI uri = URI.create(text);
            if (value.isTextual() && text.length() <= 2000 && uri.isAbsolute()
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                return text;
            }
        } catch (IllegalArgumentException notAUri) {
            // answered below
        }
        throw new BadResultReport(field + " is not an http(s) URL of at most 2000 characters");
    }

    private static Instant time(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadResultReport(field + " is not an ISO-8601 time with offset: " + clip(value.toString()));
        }
    }

    private static String clip(String s) {
        String text = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
