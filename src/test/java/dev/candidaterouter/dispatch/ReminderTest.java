package dev.candidaterouter.dispatch;

import static dev.candidaterouter.dispatch.LiveProviders.TEST_URL;
import static dev.candidaterouter.dispatch.LiveProviders.newCandidate;
import static dev.candidaterouter.dispatch.LiveProviders.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.candidaterouter.Postgres;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REMINDER_AFTER and INVITATION_EXPIRES_AFTER: an invitation without a result gets one reminder on each channel that
 * carried it (GreenMail and WireMock's Twilio receive it, once, with the same test link), and none once it expired.
 */
class ReminderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for a second reminder to show up if the follow-up (once a second) planned one. */
    private static final Duration NOTHING_MORE = Duration.ofSeconds(3);

    @TempDir
    Path home;

    private static String invitationState(RunningApp app, String candidateId) {
        return app.jdbc().queryOne("SELECT invitation_state FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT'",
                rs -> rs.getString(1), candidateId).orElse(null);
    }

    private static long reminders(RunningApp app, String candidateId, String status) {
        return app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = ? AND kind = 'reminder' AND status = ?",
                candidateId, status);
    }

    @Test
    void anInvitationWithoutAResultIsRemindedOnceByEmailAndSmsWithTheSameLink() throws Exception {
        try (LiveProviders providers = new LiveProviders()) {
            providers.acceptEverything();
            Map<String, String> settings = providers.settings(home);
            settings.put("invitation.reminder-after", "PT2S");
            try (RunningApp app = RunningApp.start(home, settings)) {
                newCandidate(app, "c-remind");
                await().atMost(WAIT).until(() -> providers.mail.getReceivedMessages().length == 2
                        && providers.smsRequests().size() == 2);
                // Exactly once: nothing more arrives while the follow-up keeps running.
                await().during(NOTHING_MORE).atMost(NOTHING_MORE.plusSeconds(5)).until(() ->
                        providers.mail.getReceivedMessages().length == 2 && providers.smsRequests().size() == 2);

                MimeMessage reminder = providers.mail.getReceivedMessages()[1];
                assertThat(providers.mail.getReceivedMessages()[0].getSubject()).startsWith("Your ");
                assertThat(reminder.getSubject()).startsWith("Reminder: your ");
                assertThat(reminder.getMessageID()).startsWith("<reminder-").endsWith("@candidate-router>");
                assertThat((String) ((MimeMultipart) reminder.getContent()).getBodyPart(0).getContent())
                        .containsIgnoringCase("a reminder").contains(TEST_URL);
                List<LoggedRequest> sms = providers.smsRequests();
                assertThat(LiveProviders.form(sms.get(1)).get("Body")).contains("a reminder").contains(TEST_URL);
                assertThat(providers.invitationRequests()).as("the platform is not asked again").hasSize(1);

                assertThat(invitationState(app, "c-remind")).isEqualTo("reminded");
                assertThat(reminders(app, "c-remind", "sent")).isEqualTo(2);
            }
        }
    }

    @Test
    void anExpiredInvitationIsMarkedExpiredAndNoReminderFollows() throws Exception {
        try (LiveProviders providers = new LiveProviders()) {
            providers.acceptEverything();
            Map<String, String> settings = providers.settings(home);
            settings.put("invitation.reminder-after", "PT3S");
            settings.put("invitation.expires-after", "PT1S");
            try (RunningApp app = RunningApp.start(home, settings)) {
                newCandidate(app, "c-expire");
                await().atMost(WAIT).until(() -> "expired".equals(invitationState(app, "c-expire")));
                await().during(NOTHING_MORE.plusSeconds(1)).atMost(NOTHING_MORE.plusSeconds(6)).until(() ->
                        providers.mail.getReceivedMessages().length == 1 && providers.smsRequests().size() == 1);

                assertThat(reminders(app, "c-expire", "sent")).isZero();
                assertThat(invitationState(app, "c-expire")).isEqualTo("expired");
            }
        }
    }

    @Test
    void aCandidateDeletedInTheAtsGetsNoReminder() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("invitation.reminder-after", "PT5S"); // time enough for the deletion to arrive first
        try (RunningApp app = RunningApp.start(home, settings)) {
            newCandidate(app, "c-gone");
            await().atMost(WAIT).until(() -> "sent".equals(status(app, "c-gone", "EMAIL")));
            byte[] deleted = TestEvents.bytes(TestEvents.deleted(TestEvents.newId(), "c-gone"));
            assertThat(app.post("/webhooks/knit", deleted, TestEvents.signedHeaders(deleted)).statusCode()).isEqualTo(200);

            await().atMost(WAIT).until(() -> "reminder_skipped".equals(invitationState(app, "c-gone")));
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-gone' AND kind = 'reminder'"))
                    .isZero();
            assertThat(outboxFiles(home.resolve("outbox/email"))).noneMatch(name -> name.startsWith("reminder-"));
        }
    }

    @Test
    void aCandidateRejectedInTheirOnlyApplicationGetsNoReminder() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        settings.put("invitation.reminder-after", "PT5S"); // time enough for the rejection to arrive first
        try (RunningApp app = RunningApp.start(home, settings)) {
            post(app, TestEvents.candidate("record.new", TestEvents.newId(), "c-rejected", "Java", "Expert",
                    "2026-01-01T00:00:00Z"));
            post(app, TestEvents.application("record.new", TestEvents.newId(), "app-r", "c-rejected", "ACTIVE",
                    "Technical Assessment", "2026-01-02T00:00:00Z"));
            await().atMost(WAIT).until(() -> "sent".equals(status(app, "c-rejected", "EMAIL")));
            post(app, TestEvents.application("record.modified", TestEvents.newId(), "app-r", "c-rejected", "REJECTED",
                    "Technical Assessment", "2026-01-03T00:00:00Z"));

            await().atMost(WAIT).until(() -> "reminder_skipped".equals(invitationState(app, "c-rejected")));
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'c-rejected' AND kind = 'reminder'"))
                    .isZero();
        }
    }

    private static void post(RunningApp app, String event) throws Exception {
        byte[] body = TestEvents.bytes(event);
        assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
    }

    @Test
    void inOutboxModeAReminderIsWrittenAsItsOwnFileNamedReminder() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("invitation.reminder-after", "PT2S");
        try (RunningApp app = RunningApp.start(home, settings)) {
            newCandidate(app, "c-outbox");
            await().atMost(WAIT).until(() -> reminders(app, "c-outbox", "sent") == 2);

            String emailKey = app.jdbc().queryOne(
                    "SELECT dispatch_key FROM dispatch WHERE candidate_id = 'c-outbox' AND channel = 'EMAIL' AND kind = 'reminder'",
                    rs -> rs.getString(1)).orElseThrow();
            assertThat(emailKey).startsWith("reminder-");
            assertThat(outboxFiles(home.resolve("outbox/email"))).hasSize(2).contains(emailKey + ".json");
            assertThat(outboxFiles(home.resolve("outbox/sms"))).hasSize(2).anyMatch(name -> name.startsWith("reminder-"));
            assertThat(Files.readString(home.resolve("outbox/email").resolve(emailKey + ".json"))).contains("Reminder: your");
        }
    }

    @Test
    void twoInstancesOnOnePostgresDatabaseRemindEachInvitationOnce() throws Exception {
        String url = Postgres.freshSchemaUrl();
        List<String> candidates = java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "c-pg-" + i).toList();
        Path homeA = Files.createDirectories(home.resolve("a"));
        Path homeB = Files.createDirectories(home.resolve("b"));
        try (RunningApp a = RunningApp.start(homeA, onPostgres(homeA, url)); RunningApp b = RunningApp.start(homeB, onPostgres(homeB, url))) {
            for (int i = 0; i < candidates.size(); i++) {
                newCandidate(i % 2 == 0 ? a : b, candidates.get(i));
            }
            // Every candidate has an email and a phone and is advanced: a reminder by email and one by SMS each.
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    a.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE kind = 'reminder' AND status = 'sent'") == 40);
            await().during(NOTHING_MORE).atMost(NOTHING_MORE.plusSeconds(5)).until(() ->
                    a.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE kind = 'reminder'") == 40);

            assertThat(a.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = 'ASSESSMENT' AND invitation_state = 'reminded'"))
                    .isEqualTo(20);
            List<String> reminderFiles = new java.util.ArrayList<>();
            for (Path instance : List.of(homeA, homeB)) {
                for (String channel : List.of("email", "sms")) {
                    outboxFiles(instance.resolve("outbox").resolve(channel)).stream().filter(f -> f.startsWith("reminder-"))
                            .forEach(f -> reminderFiles.add(channel + "/" + f));
                }
            }
            assertThat(reminderFiles).as("reminder files written by both instances").hasSize(40).doesNotHaveDuplicates();
        }
    }

    private static Map<String, String> onPostgres(Path instanceHome, String url) {
        Map<String, String> s = RunningApp.defaults(instanceHome);
        s.put("db.url", url);
        s.put("db.user", Postgres.USER);
        s.put("db.password", Postgres.PASSWORD);
        s.put("invitation.reminder-after", "PT2S");
        return s;
    }

    private static List<String> outboxFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}
