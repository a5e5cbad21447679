package dev.candidaterouter.results;

import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test helpers for assessment results: the signing platform, and reads of what the app stored. */
final class Results {
    static final String SECRET = "results-webhook-test-secret";
    static final String PATH = "/webhooks/assessment-results";

    private Results() {
    }

    static HttpResponse<String> postSigned(RunningApp app, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return app.post(PATH, bytes, Map.of("Content-Type", "application/json",
                ResultSignature.HEADER, new ResultSignature(SECRET).sign(bytes)));
    }

    static String completed(String invitationId, Object score, Object maxScore) {
        return "{\"invitationId\":\"" + invitationId + "\",\"status\":\"completed\",\"score\":" + score + ",\"maxScore\":" + maxScore
                + ",\"reportUrl\":\"https://platform.example.com/reports/" + invitationId + "\",\"completedAt\":\"2026-11-30T10:00:00Z\"}";
    }

    /** Posts a signed Knit event for an expert Java candidate (email and phone): invited on all three channels. */
    static void newCandidate(RunningApp app, String candidateId) throws Exception {
        byte[] body = TestEvents.bytes(TestEvents.candidate("record.new", TestEvents.newId(), candidateId, "Java", "Expert",
                "2025-01-01T00:00:00Z"));
        int status = app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode();
        if (status != 200) {
            throw new AssertionError("webhook answered " + status);
        }
    }

    /** The platform's id of the candidate's invitation, once it is marked sent (null before). */
    static String invitationId(RunningApp app, String candidateId) {
        return app.jdbc().queryOne("SELECT provider_id FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT' AND status = 'sent'",
                rs -> rs.getString(1), candidateId).orElse(null);
    }

    static String invitationState(RunningApp app, String candidateId) {
        return app.jdbc().queryOne("SELECT invitation_state FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT'",
                rs -> rs.getString(1), candidateId).orElse(null);
    }

    static long results(RunningApp app, String candidateId) {
        return app.jdbc().count("SELECT COUNT(*) FROM assessment_result WHERE candidate_id = ?", candidateId);
    }

    /** The one stored result of the candidate: status, score, percentage, source, state. */
    static Map<String, Object> result(RunningApp app, String candidateId) {
        return app.jdbc().queryOne("SELECT status, score, percentage, source, state, report_url FROM assessment_result WHERE candidate_id = ?",
                rs -> Map.<String, Object>of("status", rs.getString(1), "score", rs.getBigDecimal(2) == null ? BigDecimal.ZERO : rs.getBigDecimal(2),
                        "percentage", rs.getBigDecimal(3) == null ? BigDecimal.ZERO : rs.getBigDecimal(3), "source", rs.getString(4),
                        "state", rs.getString(5), "report_url", String.valueOf(rs.getString(6))), candidateId).orElseThrow();
    }

    static long inbox(RunningApp app, String state) {
        return app.jdbc().count("SELECT COUNT(*) FROM result_inbox WHERE state = ?", state);
    }
}
