package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's gate, end to end on the embedded defaults: the sandbox syncs candidates, applications and jobs from
 * samples/knit, and only candidates with an ACTIVE application in an assessment stage are invited; a delta that moves
 * an applicant into an assessment stage invites them, once.
 */
class WhoIsInvitedTest {
    /** samples/knit/applications: the candidates with an ACTIVE application in an assessment stage (cand_0014 is unreachable). */
    static final List<String> INVITED = List.of("cand_0001", "cand_0002", "cand_0004", "cand_0005", "cand_0006",
            "cand_0009", "cand_0013", "cand_0017", "cand_0021", "cand_0023", "cand_0024");

    @TempDir
    Path home;

    @Test
    void onlyActiveApplicantsInAnAssessmentStageAreInvitedAndEachDecisionIsLoggedWithItsReason() throws Exception {
        Map<String, String> settings = withApplications(RunningApp.defaults(home));
        settings.put("knit.sync-on-start", "true");
        String logs;
        try (CapturedLogs captured = CapturedLogs.capture(); RunningApp app = RunningApp.start(home, settings)) {
            awaitSynced(app, 3);
            assertThat(invited(app)).containsExactlyInAnyOrderElementsOf(INVITED);
            // Rejected (0003, 0015 in Technical Assessment), hired (0007, 0022), other stages (0008, 0010, 0011, 0012,
            // 0020), unknown status (0018) and no application (0016): decided, not invited, with the reason.
            for (String candidate : List.of("cand_0003", "cand_0015", "cand_0007", "cand_0022", "cand_0008", "cand_0012",
                    "cand_0018", "cand_0016")) {
                assertThat(latest(app, candidate)).as(candidate)
                        .isEqualTo("false|no ACTIVE application in an assessment stage");
            }
            assertThat(latest(app, "cand_0001")).isEqualTo("true|-");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'cand_0014'"))
                    .as("unreachable").isZero();
            logs = captured.text();
        }
        assertThat(logs).contains("candidate cand_0003").contains("not invited: no ACTIVE application in an assessment stage;"
                + " applications app_1003 REJECTED at 'Phone Screen'");
        assertThat(logs).contains("candidate cand_0016").contains("not invited: no ACTIVE application in an assessment stage; no application");
        assertThat(logs).containsPattern("candidate cand_0001 .*-> backend-jvm-advanced via .*invited: applications app_1001 ACTIVE at 'Technical Assessment'");
    }

    @Test
    void anApplicantMovedIntoAnAssessmentStageByADeltaIsInvitedOnce() throws Exception {
        Map<String, String> settings = withApplications(RunningApp.defaults(home));
        settings.put("knit.sync-on-start", "true");
        try (RunningApp app = RunningApp.start(home, settings)) {
            awaitSynced(app, 3);
            assertThat(invited(app)).doesNotContain("cand_0012", "cand_0011");
        }
        settings.put("knit.sync-type", "delta_sync");
        long afterFirstDelta = -1;
        for (int run = 1; run <= 2; run++) {
            try (RunningApp app = RunningApp.start(home, settings)) {
                awaitSynced(app, 3 + 3 * run);
                // Olga (cand_0012) moved from Phone Screen to Technical Assessment; Hiroshi (cand_0011) was rejected.
                assertThat(invited(app)).contains("cand_0012").doesNotContain("cand_0011");
                // The same delta also makes her Scala expert, which changes her level. The sandbox delivers the
                // candidates' and the applications' events concurrently, so whether she was first invited at her
                // old level depends on their order; at her latest assessment she is invited exactly once.
                String assessment = app.jdbc().queryOne("SELECT assessment_id FROM decision WHERE candidate_id = 'cand_0012'"
                        + " ORDER BY id DESC", rs -> rs.getString(1)).orElseThrow();
                assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'cand_0012' AND channel = 'ASSESSMENT'"
                        + " AND assessment_id = ?", assessment)).as("invited once at %s, after delta run %s", assessment, run).isOne();
                long invitations = app.jdbc().count(
                        "SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'cand_0012' AND channel = 'ASSESSMENT'");
                if (run == 1) {
                    afterFirstDelta = invitations;
                } else {
                    assertThat(invitations).as("the same delta again invites nobody again").isEqualTo(afterFirstDelta);
                }
                assertThat(latest(app, "cand_0011")).isEqualTo("false|no ACTIVE application in an assessment stage");
            }
        }
    }

    @Test
    void aJobWhoseStagesArriveAfterItsApplicationsDecidesTheirCandidatesAgain() throws Exception {
        try (RunningApp app = RunningApp.start(home, withApplications(RunningApp.defaults(home)))) {
            // Two applications to job-1 that name their stage by id only: its name comes with the job.
            for (String candidate : List.of("c-stage-by-id-1", "c-stage-by-id-2")) {
                post(app, TestEvents.application("record.new", TestEvents.newId(), "app-" + candidate, candidate, "ACTIVE",
                        "Technical Assessment", "2026-01-01T00:00:00Z").replace(",\"name\":\"Technical Assessment\"", ""));
                post(app, TestEvents.candidate("record.new", TestEvents.newId(), candidate, "Java", "Expert", "2026-01-01T00:00:00Z"));
            }
            awaitInboxDone(app);
            assertThat(latest(app, "c-stage-by-id-1")).isEqualTo("false|no ACTIVE application in an assessment stage");
            assertThat(invited(app)).isEmpty();

            String jobEvent = TestEvents.newId();
            post(app, TestEvents.job(jobEvent, "Backend Engineer"));
            awaitInboxDone(app);
            // The job's event decided both again: one decision each, under the job's event id.
            assertThat(latest(app, "c-stage-by-id-1")).isEqualTo("true|-");
            assertThat(latest(app, "c-stage-by-id-2")).isEqualTo("true|-");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE event_id = ?", jobEvent)).isEqualTo(2);
            assertThat(invited(app)).containsExactlyInAnyOrder("c-stage-by-id-1", "c-stage-by-id-2");

            // The job again with the same stages (the next sync, a new title): nobody is decided again.
            long decisions = app.jdbc().count("SELECT COUNT(*) FROM decision");
            post(app, TestEvents.job(TestEvents.newId(), "Senior Backend Engineer"));
            awaitInboxDone(app);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).isEqualTo(decisions);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT'")).isEqualTo(2);
        }
    }

    @Test
    void sendsNotMadeYetAreCancelledWithTheReasonWhenTheRulesNoLongerInvite() throws Exception {
        try (RunningApp app = RunningApp.start(home, withApplications(RunningApp.defaults(home)))) {
            // Sends stay planned: nothing takes them until the test is over.
            for (String poller : List.of("send-due-assessments", "send-due-emails", "send-due-sms")) {
                app.context().getRouteController().stopRoute(poller);
            }
            post(app, TestEvents.candidate("record.new", "c1", "cand-1", "Java", "Expert", "2026-01-01T00:00:00Z"));
            post(app, TestEvents.application("record.new", "a1", "app-1", "cand-1", "ACTIVE", "Technical Assessment",
                    "2026-01-02T00:00:00Z"));
            awaitInboxDone(app);
            assertThat(app.jdbc().query("SELECT status FROM dispatch WHERE candidate_id = 'cand-1'", rs -> rs.getString(1)))
                    .isNotEmpty().containsOnly("pending");

            post(app, TestEvents.application("record.modified", "a2", "app-1", "cand-1", "REJECTED", "Technical Assessment",
                    "2026-01-03T00:00:00Z"));
            awaitInboxDone(app);
            assertThat(latest(app, "cand-1")).isEqualTo("false|no ACTIVE application in an assessment stage");
            assertThat(app.jdbc().query("SELECT status || '|' || last_error FROM dispatch WHERE candidate_id = 'cand-1'",
                    rs -> rs.getString(1)))
                    .isNotEmpty()
                    .containsOnly("cancelled|not invited any more: no ACTIVE application in an assessment stage");

            // The recruiter re-opens the application: the withdrawn sends go out after all, once each.
            post(app, TestEvents.application("record.modified", "a3", "app-1", "cand-1", "ACTIVE", "Technical Assessment",
                    "2026-01-04T00:00:00Z"));
            awaitInboxDone(app);
            assertThat(app.jdbc().query("SELECT status FROM dispatch WHERE candidate_id = 'cand-1' AND kind = 'invitation'",
                    rs -> rs.getString(1))).isNotEmpty().containsOnly("pending");
            for (String poller : List.of("send-due-assessments", "send-due-emails", "send-due-sms")) {
                app.context().getRouteController().startRoute(poller);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                    "SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'cand-1' AND status <> 'sent'") == 0);
        }
    }

    private static void post(RunningApp app, String event) throws Exception {
        byte[] body = TestEvents.bytes(event);
        assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
    }

    private static void awaitInboxDone(RunningApp app) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0);
    }

    /** Candidates with an invitation (ASSESSMENT send) that was not cancelled. */
    static List<String> invited(RunningApp app) {
        return app.jdbc().query("SELECT DISTINCT candidate_id FROM dispatch WHERE channel = 'ASSESSMENT' AND status <> 'cancelled'",
                rs -> rs.getString(1));
    }

    /** The candidate's latest decision: invited|reason. */
    static String latest(RunningApp app, String candidateId) {
        return app.jdbc().queryOne("SELECT invited, not_invited_reason FROM decision WHERE candidate_id = ? ORDER BY id DESC",
                rs -> rs.getBoolean(1) + "|" + (rs.getString(2) == null ? "-" : rs.getString(2)), candidateId).orElseThrow();
    }

    static void awaitSynced(RunningApp app, int runs) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'") >= runs
                        && app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                        && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);
    }

    static Map<String, String> withApplications(Map<String, String> settings) {
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        return settings;
    }
}
