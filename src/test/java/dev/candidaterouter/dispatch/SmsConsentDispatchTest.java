package dev.candidaterouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.candidaterouter.consent.TwilioInbound.message;
import static dev.candidaterouter.dispatch.LiveProviders.INVITATIONS;
import static dev.candidaterouter.dispatch.LiveProviders.MESSAGES;
import static dev.candidaterouter.dispatch.LiveProviders.column;
import static dev.candidaterouter.dispatch.LiveProviders.newCandidate;
import static dev.candidaterouter.dispatch.LiveProviders.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.consent.TwilioInbound;
import jakarta.mail.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMS consent end to end in live mode: Twilio's inbound STOP / START reach the webhook, the rules and the SMS route
 * honour the consent table, and Twilio's 21610 opts a number out. WireMock plays Twilio and the assessment API,
 * GreenMail the SMTP server; the candidate's phone is +46701234567 (TestEvents).
 */
class SmsConsentDispatchTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PHONE = "+46701234567";
    /** A policy that reaches everyone by SMS only: what makes the email fallback visible. */
    private static final String SMS_ONLY_RULES = """
            package rules.smsonly;
            import dev.candidaterouter.candidate.CandidateProfile;
            import dev.candidaterouter.assessment.AssessmentDecision;
            import dev.candidaterouter.assessment.Channel;
            rule "Everyone is invited by SMS only"
            when
                $c : CandidateProfile()
            then
                AssessmentDecision d = new AssessmentDecision($c.getCandidateId());
                d.setTrack("general-aptitude");
                d.setLevel("foundation");
                d.setAssessmentId("general-aptitude-foundation");
                d.addChannel(Channel.ASSESSMENT);
                d.addChannel(Channel.SMS);
                insert(d);
            end
            """;

    @TempDir
    Path home;

    LiveProviders providers;
    RunningApp app;

    @BeforeEach
    void startProviders() {
        providers = new LiveProviders();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        providers.close();
    }

    private void startApp(boolean smsOnlyRules) throws Exception {
        Map<String, String> settings = providers.settings(home);
        TwilioInbound.configure(settings);
        if (smsOnlyRules) {
            Path rules = Files.createDirectories(home.resolve("sms-only-rules"));
            Files.writeString(rules.resolve("sms-only.drl"), SMS_ONLY_RULES);
            settings.put("rules.dir", rules.toString());
        }
        app = RunningApp.start(home, settings);
    }

    private void inbound(String sid, String text) throws Exception {
        assertThat(TwilioInbound.post(app, message(sid, PHONE, text)).statusCode()).isEqualTo(200);
    }

    private void awaitStatus(String candidateId, String channel, String status) {
        await().atMost(WAIT).until(() -> status.equals(status(app, candidateId, channel)));
    }

    private boolean storedProfileOptedOut(String candidateId) throws Exception {
        String profile = app.jdbc().queryOne("SELECT profile_json FROM decision WHERE candidate_id = ?", rs -> rs.getString(1),
                candidateId).orElseThrow();
        return new ObjectMapper().readTree(profile).path("smsOptedOut").asBoolean();
    }

    @Test
    void afterStopADecisionChoosesNoSmsAndTheEmailStillGoesOut() throws Exception {
        providers.acceptEverything();
        startApp(false);
        inbound("SMstop1", "Stop");
        newCandidate(app, "c-stopped"); // an expert with email and phone: email and SMS without the STOP
        awaitStatus("c-stopped", "EMAIL", "sent");

        assertThat(storedProfileOptedOut("c-stopped")).isTrue();
        assertThat(status(app, "c-stopped", "SMS")).isEqualTo("absent");
        assertThat(providers.smsRequests()).isEmpty();
        assertThat(providers.mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void afterStartSmsIsChosenAndSentAgain() throws Exception {
        providers.acceptEverything();
        startApp(false);
        inbound("SMstop2", "STOP");
        newCandidate(app, "c-before-start");
        awaitStatus("c-before-start", "EMAIL", "sent");
        inbound("SMstart2", "start");
        newCandidate(app, "c-after-start");
        awaitStatus("c-after-start", "SMS", "sent");

        assertThat(storedProfileOptedOut("c-after-start")).isFalse();
        assertThat(status(app, "c-before-start", "SMS")).isEqualTo("absent");
        assertThat(providers.smsRequests()).hasSize(1);
        assertThat(LiveProviders.form(providers.smsRequests().get(0))).containsEntry("To", PHONE);
    }

    @Test
    void aQueuedSmsWhoseNumberRepliesStopIsCancelledWithTheReasonAndOneEmailGoesInstead() throws Exception {
        // The invitation fails until the STOP has arrived, so the SMS waits in the queue meanwhile.
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(aResponse().withStatus(503)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer()));
        startApp(true);
        newCandidate(app, "c-queued");
        await().atMost(WAIT).until(() -> "pending".equals(status(app, "c-queued", "SMS")));
        assertThat(status(app, "c-queued", "EMAIL")).isEqualTo("absent"); // the rules chose no email
        inbound("SMstop3", "QUIT");
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));

        awaitStatus("c-queued", "SMS", "cancelled");
        awaitStatus("c-queued", "EMAIL", "sent");
        assertThat(column(app, "last_error", "c-queued", "SMS")).contains("opt-out").contains("STOP");
        assertThat(providers.smsRequests()).isEmpty();
        await().atMost(WAIT).until(() -> providers.mail.getReceivedMessages().length == 1);
        assertThat(providers.mail.getReceivedMessages()[0].getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("zoe.angstrom@example.com");
    }

    @Test
    void twilio21610OptsTheNumberOutFailsTheSmsForGoodAndSendsTheEmailInstead() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\",\"status\":400}")));
        startApp(true);
        newCandidate(app, "c-21610");

        awaitStatus("c-21610", "SMS", "failed_permanent");
        awaitStatus("c-21610", "EMAIL", "sent");
        assertThat(column(app, "last_error", "c-21610", "SMS")).contains("21610");
        assertThat(providers.smsRequests()).hasSize(1); // not retried
        assertThat(TwilioInbound.row(app, PHONE).orElseThrow()).startsWith("true", "twilio-21610");
        await().atMost(WAIT).until(() -> providers.mail.getReceivedMessages().length == 1);

        // The SMS-only policy plans an SMS for the next candidate with that number; the SMS route now finds the
        // opt-out on record and cancels it without calling Twilio.
        newCandidate(app, "c-21610-again");
        awaitStatus("c-21610-again", "SMS", "cancelled");
        assertThat(providers.smsRequests()).hasSize(1);
    }
}
