package dev.candidaterouter.results;

import static dev.candidaterouter.results.Results.completed;
import static dev.candidaterouter.results.Results.invitationId;
import static dev.candidaterouter.results.Results.invitationState;
import static dev.candidaterouter.results.Results.newCandidate;
import static dev.candidaterouter.results.Results.postSigned;
import static dev.candidaterouter.results.Results.result;
import static dev.candidaterouter.results.Results.results;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.dispatch.DispatchKey;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /webhooks/assessment-results in the running app (outbox mode, the simulated platform off): a signed result is
 * stored once before the answer, ends the invitation's follow-up, and each kind of bad input gets its documented
 * answer and stored outcome.
 */
class ResultWebhookTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration NOTHING_MORE = Duration.ofSeconds(4);
    private static final String ASSESSMENT = "backend-jvm-advanced";

    @TempDir
    Path home;

    private Map<String, String> settings() {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("assessment.webhook-secret", Results.SECRET);
        s.put("result.simulated-share", "0");
        return s;
    }

    private static String sentInvitation(RunningApp app, String candidateId) throws Exception {
        newCandidate(app, candidateId);
        await().atMost(WAIT).until(() -> invitationId(app, candidateId) != null);
        return invitationId(app, candidateId);
    }

    @Test
    void aSignedResultIsStoredOnceAndARepeatIsAnsweredAsDuplicate() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings())) {
            String invitation = sentInvitation(app, "c-result");
            HttpResponse<String> first = postSigned(app, completed(invitation, 42.5, 50));
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("\"status\":\"stored\"").contains(invitation);
            // Stored before the answer: no waiting needed.
            assertThat(results(app, "c-result")).isEqualTo(1);

            HttpResponse<String> again = postSigned(app, completed(invitation, 42.5, 50));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("\"status\":\"duplicate\"");
            // Same invitation and status, other bytes: still the same result.
            assertThat(postSigned(app, completed(invitation, 10, 50)).body()).contains("\"status\":\"duplicate\"");

            assertThat(results(app, "c-result")).isEqualTo(1);
            Map<String, Object> row = result(app, "c-result");
            assertThat(row).containsEntry("status", "completed").containsEntry("source", "webhook");
            // The result stage may already have taken it: stored once, then received or decided, nothing else.
            assertThat(row.get("state")).isIn("received", "decided");
            assertThat((BigDecimal) row.get("score")).isEqualByComparingTo("42.5");
            assertThat((BigDecimal) row.get("percentage")).isEqualByComparingTo("85");
            assertThat(invitationState(app, "c-result")).isEqualTo("completed");
            assertThat(app.management("/observe/metrics").body())
                    .containsPattern("candidate_router_assessment_results_total\\{[^}]*outcome=\"stored\"[^}]*source=\"webhook\"");
        }
    }

    @Test
    void onPostgresAResultIsStoredOnceAndOneBeforeItsInvitationIsMatchedLater() throws Exception {
        Map<String, String> s = settings();
        s.put("db.url", dev.candidaterouter.Postgres.freshSchemaUrl());
        s.put("db.user", dev.candidaterouter.Postgres.USER);
        s.put("db.password", dev.candidaterouter.Postgres.PASSWORD);
        s.put("admin.token", "admin-token-for-the-postgres-test-0123456789");
        try (RunningApp app = RunningApp.start(home, s)) {
            String invitation = sentInvitation(app, "c-pg");
            assertThat(postSigned(app, completed(invitation, 42.5, 50)).body()).contains("\"status\":\"stored\"");
            assertThat(postSigned(app, completed(invitation, 42.5, 50)).body()).contains("\"status\":\"duplicate\"");
            assertThat(postSigned(app, "{\"invitationId\":\"" + invitation + "\",\"status\":\"completed\",\"score\":\"x\"}")
                    .statusCode()).isEqualTo(422);
            assertThat((BigDecimal) result(app, "c-pg").get("percentage")).isEqualByComparingTo("85");

            String early = "outbox-" + DispatchKey.of(TestEvents.INTEGRATION, "c-pg-early", ASSESSMENT, Channel.ASSESSMENT);
            assertThat(postSigned(app, completed(early, 1, 4)).statusCode()).isEqualTo(202);
            newCandidate(app, "c-pg-early");
            await().atMost(WAIT).until(() -> results(app, "c-pg-early") == 1);
            assertThat(app.get("/admin/candidates/c-pg", Map.of("Authorization", "Bearer admin-token-for-the-postgres-test-0123456789"))
                    .body()).contains("\"what\" : \"result\"");
        }
    }

    @Test
    void eachBadInputGetsItsAnswerAndStoredOutcome() throws Exception {
        Map<String, String> s = settings();
        s.put("result.match-window", "PT2S");
        try (RunningApp app = RunningApp.start(home, s)) {
            String invitation = sentInvitation(app, "c-bad");
            byte[] good = completed(invitation, 40, 50).getBytes(StandardCharsets.UTF_8);

            // Refused, nothing stored: no or a wrong signature, not JSON.
            assertThat(app.post(Results.PATH, good, Map.of("Content-Type", "application/json")).statusCode()).isEqualTo(401);
            HttpResponse<String> forged = app.post(Results.PATH, good, Map.of("Content-Type", "application/json",
                    ResultSignature.HEADER, new ResultSignature("another-secret").sign(good)));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.body()).contains("does not match the body");
            assertThat(app.post(Results.PATH, good, Map.of("Content-Type", "text/plain",
                    ResultSignature.HEADER, new ResultSignature(Results.SECRET).sign(good))).statusCode()).isEqualTo(415);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM result_inbox")).isZero();

            // Signed but unreadable: 422 with the reason, quarantined once.
            Map<String, String> bad = Map.of(
                    "{not json", "body is not JSON",
                    completed(invitation, "\"high\"", 50), "score is not a number",
                    completed(invitation, 120, 100), "score 120 is out of range 0..100",
                    completed(invitation, -1, 100), "score -1 is out of range",
                    "{\"invitationId\":\"" + invitation + "\",\"status\":\"started\",\"score\":1}", "status 'started' is unknown: completed or expired",
                    "{\"status\":\"completed\",\"score\":1}", "invitationId is missing");
            for (Map.Entry<String, String> c : bad.entrySet()) {
                HttpResponse<String> answer = postSigned(app, c.getKey());
                assertThat(answer.statusCode()).as(c.getKey()).isEqualTo(422);
                assertThat(answer.body()).as(c.getKey()).contains("\"status\":\"quarantined\"").contains(c.getValue());
            }
            assertThat(postSigned(app, "{not json").statusCode()).as("the same bad bytes again").isEqualTo(422);
            assertThat(Results.inbox(app, "quarantined")).isEqualTo(bad.size());
            assertThat(app.jdbc().query("SELECT reason FROM result_inbox WHERE state = 'quarantined'", rs -> rs.getString(1)))
                    .anyMatch(r -> r.contains("score is not a number"));

            // An invitation nobody sent: kept (202) and quarantined as unknown once the match window is over.
            HttpResponse<String> unknown = postSigned(app, completed("inv-nobody-sent", 1, 2));
            assertThat(unknown.statusCode()).isEqualTo(202);
            assertThat(unknown.body()).contains("\"status\":\"pending\"");
            await().atMost(WAIT).until(() -> app.jdbc().count(
                    "SELECT COUNT(*) FROM result_inbox WHERE invitation_id = 'inv-nobody-sent' AND state = 'quarantined'"
                            + " AND reason LIKE 'unknown invitation%'") == 1);
            assertThat(postSigned(app, completed("inv-nobody-sent", 1, 2)).statusCode())
                    .as("a quarantined unknown invitation does not make its next delivery a duplicate").isEqualTo(202);

            assertThat(results(app, "c-bad")).isZero();
            assertThat(invitationState(app, "c-bad")).isEqualTo("open");
        }
    }

    @Test
    void aResultBeforeItsInvitationIsMarkedSentIsKeptAndMatchedLater() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings())) {
            // The platform's id of an invitation not sent yet (outbox mode: outbox-<dispatch key>).
            String invitation = "outbox-" + DispatchKey.of(TestEvents.INTEGRATION, "c-early", ASSESSMENT, Channel.ASSESSMENT);
            HttpResponse<String> early = postSigned(app, completed(invitation, 30, 40));
            assertThat(early.statusCode()).isEqualTo(202);
            assertThat(Results.inbox(app, "waiting")).isEqualTo(1);

            newCandidate(app, "c-early");
            await().atMost(WAIT).until(() -> results(app, "c-early") == 1);
            assertThat(result(app, "c-early")).containsEntry("source", "webhook");
            // Stored for the result rules, which may have decided it already.
            assertThat(result(app, "c-early").get("state")).isIn("received", "decided");
            assertThat(Results.inbox(app, "matched")).isEqualTo(1);
            await().atMost(WAIT).until(() -> "completed".equals(invitationState(app, "c-early")));
        }
    }

    @Test
    void aResultForADeletedCandidateIsKeptAsAnOutcomeWithoutTheReport() throws Exception {
        try (RunningApp app = RunningApp.start(home, settings())) {
            String invitation = sentInvitation(app, "c-deleted");
            byte[] deleted = TestEvents.bytes(TestEvents.deleted(TestEvents.newId(), "c-deleted"));
            assertThat(app.post("/webhooks/knit", deleted, TestEvents.signedHeaders(deleted)).statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> app.jdbc().count(
                    "SELECT COUNT(*) FROM candidate WHERE candidate_id = 'c-deleted' AND state = 'deleted'") == 1);

            HttpResponse<String> answer = postSigned(app, completed(invitation, 5, 10));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"status\":\"candidate_deleted\"");
            assertThat(results(app, "c-deleted")).as("never becomes a result to write back").isZero();
            assertThat(app.jdbc().queryOne("SELECT body FROM result_inbox WHERE state = 'candidate_deleted'", rs -> rs.getString(1)))
                    .as("no report kept").isEmpty();
        }
    }

    @Test
    void noReminderFollowsAResult() throws Exception {
        Map<String, String> s = settings();
        s.put("invitation.reminder-after", "PT3S");
        s.put("invitation.expires-after", "PT5S");
        try (RunningApp app = RunningApp.start(home, s)) {
            String invitation = sentInvitation(app, "c-done");
            assertThat(postSigned(app, completed(invitation, 9, 10)).statusCode()).isEqualTo(200);

            // Past the reminder time and the expiry, and a while more: no reminder is planned, nothing expires.
            await().pollDelay(Duration.ofSeconds(3)).during(NOTHING_MORE).atMost(NOTHING_MORE.plusSeconds(10)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-done' AND kind = 'reminder'") == 0);
            assertThat(invitationState(app, "c-done")).isEqualTo("completed");

            // The platform's "expired" after the completion changes nothing and is no second result.
            assertThat(postSigned(app, "{\"invitationId\":\"" + invitation + "\",\"status\":\"expired\"}").body())
                    .contains("\"status\":\"duplicate\"");
            assertThat(results(app, "c-done")).isEqualTo(1);
        }
    }

    @Test
    void aResultAfterExpiryIsStillStoredToBeWrittenBack() throws Exception {
        Map<String, String> s = settings();
        s.put("invitation.expires-after", "PT1S");
        try (RunningApp app = RunningApp.start(home, s)) {
            String invitation = sentInvitation(app, "c-late");
            await().atMost(WAIT).until(() -> "expired".equals(invitationState(app, "c-late")));

            HttpResponse<String> answer = postSigned(app, completed(invitation, 7, 10));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"status\":\"stored\"");
            Map<String, Object> late = result(app, "c-late");
            assertThat(late).containsEntry("status", "completed");
            assertThat(late.get("state")).isIn("received", "decided");
            assertThat(invitationState(app, "c-late")).isEqualTo("completed");
        }
    }

    @Test
    void withoutASecretTheWebhookAnswers403AndStoresNothing() throws Exception {
        Map<String, String> s = settings();
        s.remove("assessment.webhook-secret");
        try (RunningApp app = RunningApp.start(home, s)) {
            HttpResponse<String> answer = postSigned(app, completed("inv-x", 1, 2));
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains("ASSESSMENT_WEBHOOK_SECRET");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM result_inbox")).isZero();
        }
    }

    @Test
    void theCandidateTimelineTellsTheStoryInOrderWithTheResult() throws Exception {
        Map<String, String> s = settings();
        s.put("admin.token", "admin-token-for-the-timeline-test-0123456789");
        try (RunningApp app = RunningApp.start(home, s)) {
            String invitation = sentInvitation(app, "c-story");
            assertThat(postSigned(app, completed(invitation, 45, 50)).statusCode()).isEqualTo(200);
            Map<String, String> auth = Map.of("Authorization", "Bearer admin-token-for-the-timeline-test-0123456789");

            JsonNode view = new ObjectMapper().readTree(app.get("/admin/candidates/c-story", auth).body());
            assertThat(view.path("results")).hasSize(1);
            assertThat(view.path("results").get(0).path("source").asText()).isEqualTo("webhook");
            assertThat(view.path("results").get(0).path("percentage").decimalValue()).isEqualByComparingTo("90");
            List<String> story = new java.util.ArrayList<>();
            view.path("timeline").forEach(entry -> story.add(entry.path("what").asText()));
            assertThat(story).containsSubsequence("event", "decision", "send", "result");
            List<java.time.Instant> times = new java.util.ArrayList<>();
            view.path("timeline").forEach(entry -> times.add(java.time.Instant.parse(entry.path("at").asText())));
            assertThat(times).isSorted();
            assertThat(view.toString()).doesNotContain("zoe.angstrom@example.com");
            assertThat(app.get("/admin/candidates/c-story?reveal=true", auth).body()).contains("zoe.angstrom@example.com");
        }
    }
}
