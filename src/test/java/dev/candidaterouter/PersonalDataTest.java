package dev.candidaterouter;

import static dev.candidaterouter.TestEvents.bytes;
import static dev.candidaterouter.TestEvents.signedHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.candidate.PersonalDataEraser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erasure on deletion and the retention period: personal data goes, the ids that prove what happened stay. */
class PersonalDataTest {
    @TempDir
    Path home;

    private static void awaitInbox(RunningApp app, String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM inbox_event WHERE event_id = ? AND status = 'processed'", eventId) == 1);
    }

    @Test
    void deletedCandidateIsErasedWhenConfiguredButDecisionsAndSendsKeepTheirIds() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("erase-on-delete", "true");
        // The simulated platform reports a result for the invitation: its report link is the candidate's too.
        s.put("result.simulated-share", "1");
        s.put("result.simulated-delay", "PT1S");
        try (RunningApp app = RunningApp.start(home, s)) {
            String created = TestEvents.newId();
            byte[] body = bytes(TestEvents.candidate("record.new", created, "c-erase", "Java", "Expert", "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            awaitInbox(app, created);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-erase' AND status = 'sent'") == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                    "SELECT COUNT(*) FROM assessment_result WHERE candidate_id = 'c-erase' AND report_url IS NOT NULL") == 1);

            String deleted = TestEvents.newId();
            byte[] deletion = bytes(TestEvents.deleted(deleted, "c-erase"));
            app.post("/webhooks/knit", deletion, signedHeaders(deletion));
            awaitInbox(app, deleted);

            assertThat(app.jdbc().query("SELECT body FROM inbox_event WHERE record_id = 'c-erase' AND event_id = ?",
                    rs -> rs.getString(1), created)).containsExactly("{\"erased\":true}");
            assertThat(app.jdbc().queryOne("SELECT profile_json FROM candidate WHERE candidate_id = 'c-erase'",
                    rs -> rs.getString(1))).isEmpty();
            assertThat(app.jdbc().query("SELECT assessment_id FROM decision WHERE candidate_id = 'c-erase' AND profile_json IS NULL",
                    rs -> rs.getString(1))).containsExactly("backend-jvm-advanced");
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-erase' AND status = 'sent'")).isEqualTo(3);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE body LIKE '%zoe.angstrom%'")).isZero();
            // The result stays (its score, for the record), without its report link or raw report.
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM assessment_result WHERE candidate_id = 'c-erase'"
                    + " AND report_url IS NULL AND body IS NULL AND score IS NOT NULL")).isOne();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM result_inbox WHERE body IS NOT NULL")).isZero();
        }
    }

    @Test
    void withoutEraseOnDeleteTheDataIsKept() throws Exception {
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            assertThat(app.context().getRoute("purge-expired-personal-data")).as("RETENTION_DAYS=0: nothing is purged").isNull();
            String created = TestEvents.newId();
            byte[] body = bytes(TestEvents.candidate("record.new", created, "c-keep", "Java", "Expert", "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            awaitInbox(app, created);
            String deleted = TestEvents.newId();
            byte[] deletion = bytes(TestEvents.deleted(deleted, "c-keep"));
            app.post("/webhooks/knit", deletion, signedHeaders(deletion));
            awaitInbox(app, deleted);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE body LIKE '%zoe.angstrom%'")).isEqualTo(1);
        }
    }

    @Test
    void retentionErasesPersonalDataOlderThanThePeriod() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("retention.days", "30");
        try (RunningApp app = RunningApp.start(home, s)) {
            assertThat(app.context().getRoute("purge-expired-personal-data")).as("RETENTION_DAYS set: the hourly purge runs").isNotNull();
            String created = TestEvents.newId();
            byte[] body = bytes(TestEvents.candidate("record.new", created, "c-old", "Go", "Beginner", "2025-01-01T00:00:00Z"));
            app.post("/webhooks/knit", body, signedHeaders(body));
            awaitInbox(app, created);
            PersonalDataEraser eraser = app.context().getRegistry().lookupByNameAndType("personalData", PersonalDataEraser.class);

            assertThat(eraser.purgeOlderThan(Duration.ofDays(1))).isZero();
            assertThat(eraser.purgeOlderThan(Duration.ZERO)).isEqualTo(3);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE body LIKE '%zoe.angstrom%'")).isZero();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE profile_json IS NOT NULL")).isZero();
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision WHERE assessment_id = 'systems-intermediate'")).isEqualTo(1);
        }
    }

    @Test
    void retentionKeepsOptOutsButForgetsOtherNumbersOfTheSmsConsentTable() throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("retention.days", "30");
        dev.candidaterouter.consent.TwilioInbound.configure(s);
        try (RunningApp app = RunningApp.start(home, s)) {
            dev.candidaterouter.consent.TwilioInbound.post(app,
                    dev.candidaterouter.consent.TwilioInbound.message("SMkeep", "+46701234567", "STOP"));
            dev.candidaterouter.consent.TwilioInbound.post(app,
                    dev.candidaterouter.consent.TwilioInbound.message("SMforget", "+46701234568", "hello"));
            PersonalDataEraser eraser = app.context().getRegistry().lookupByNameAndType("personalData", PersonalDataEraser.class);

            assertThat(eraser.purgeOlderThan(Duration.ofDays(1))).isZero();
            // A cutoff a second ahead of now: every row counts as old, the opt-out is kept all the same.
            assertThat(eraser.purgeOlderThan(Duration.ofSeconds(-1))).isEqualTo(1);
            assertThat(app.jdbc().query("SELECT phone_e164 FROM sms_consent", rs -> rs.getString(1))).containsExactly("+46701234567");
        }
    }
}
