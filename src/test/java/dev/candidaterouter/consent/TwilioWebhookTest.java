package dev.candidaterouter.consent;

import static dev.candidaterouter.consent.TwilioInbound.message;
import static dev.candidaterouter.consent.TwilioInbound.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.CapturedLogs;
import dev.candidaterouter.RunningApp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /webhooks/twilio on the running app (real route, H2): signed inbound messages set and clear SMS consent. */
class TwilioWebhookTest {
    private static final String PHONE = "+46701234567";

    @TempDir
    Path home;

    RunningApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void start() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        TwilioInbound.configure(settings);
        app = RunningApp.start(home, settings);
    }

    private long consentRows() {
        return app.jdbc().count("SELECT COUNT(*) FROM sms_consent");
    }

    @Test
    void stopOptsTheNumberOutAndStartInAnyCaseOptsItBackInAnsweringEmptyTwiml() throws Exception {
        start();
        HttpResponse<String> stop = TwilioInbound.post(app, message("SM00000000000000000000000000000001", PHONE, "STOP"));
        assertThat(stop.statusCode()).isEqualTo(200);
        assertThat(stop.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/xml"));
        assertThat(stop.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        assertThat(row(app, PHONE).orElseThrow()).startsWith("true", "STOP", "STOP", "SM00000000000000000000000000000001");

        assertThat(TwilioInbound.post(app, message("SM00000000000000000000000000000002", PHONE, "  start ")).statusCode())
                .isEqualTo(200);
        assertThat(row(app, PHONE).orElseThrow()).startsWith("false", "START", "START", "SM00000000000000000000000000000002");
    }

    @Test
    void anyOtherTextIsRecordedAsOtherAndChangesNoConsent() throws Exception {
        start();
        TwilioInbound.post(app, message("SMa1", PHONE, "unsubscribe"));
        HttpResponse<String> chat = TwilioInbound.post(app, message("SMa2", PHONE, "STOP please, call me instead"));
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(row(app, PHONE).orElseThrow()).startsWith("true", "UNSUBSCRIBE", "OTHER", "SMa2");
        // The free text itself is not kept anywhere.
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM sms_consent WHERE last_word LIKE '%call%' OR changed_by LIKE '%call%'"))
                .isZero();
    }

    @Test
    void aMessagingServicesOptOutTypeCountsForItsOwnKeywords() throws Exception {
        start();
        List<FormField> arret = new java.util.ArrayList<>(message("SMopt1", PHONE, "ARRET"));
        arret.add(new FormField("OptOutType", "STOP"));
        assertThat(TwilioInbound.post(app, arret).statusCode()).isEqualTo(200);
        assertThat(row(app, PHONE).orElseThrow()).startsWith("true", "STOP", "STOP", "SMopt1");
    }

    @Test
    void aBodyOverSixtyFourKilobytesIsRefusedWith413() throws Exception {
        start();
        List<FormField> big = message("SMbig", PHONE, "x".repeat(70 * 1024));
        HttpResponse<String> answer = TwilioInbound.post(app, big);
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(consentRows()).isZero();
    }

    @Test
    void anOlderMessageDeliveredAgainAfterANewerOneChangesNothing() throws Exception {
        start();
        TwilioInbound.post(app, message("SMolderstart", PHONE, "START"));
        TwilioInbound.post(app, message("SMnewerstop", PHONE, "STOP"));
        assertThat(row(app, PHONE).orElseThrow()).startsWith("true", "STOP");

        // Twilio delivers the START again (our first answer was late), or someone replays the signed request.
        assertThat(TwilioInbound.post(app, message("SMolderstart", PHONE, "START")).statusCode()).isEqualTo(200);

        assertThat(row(app, PHONE).orElseThrow()).as("the number stays opted out").startsWith("true", "STOP", "STOP",
                "SMnewerstop");
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM sms_inbound")).isEqualTo(2);
    }

    @Test
    void aRepeatedMessageSidChangesNothingTheSecondTime() throws Exception {
        start();
        TwilioInbound.post(app, message("SMrepeat", PHONE, "STOP"));
        List<String> first = row(app, PHONE).orElseThrow();
        // The same message id again, here with another word, so that applying it a second time would show.
        HttpResponse<String> again = TwilioInbound.post(app, message("SMrepeat", PHONE, "START"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(row(app, PHONE).orElseThrow()).isEqualTo(first);
    }

    @Test
    void aBadOrMissingSignatureOrOneForAnotherUrlGets403AndChangesNothing() throws Exception {
        start();
        List<FormField> stop = message("SMbad", PHONE, "STOP");
        byte[] body = FormField.encode(stop).getBytes(StandardCharsets.UTF_8);
        String forOtherUrl = new TwilioSignature(TwilioInbound.AUTH_TOKEN, "http://internal:8080/webhooks/twilio").sign(stop);
        String otherToken = new TwilioSignature("another-token", TwilioInbound.WEBHOOK_URL).sign(stop);
        for (String signature : new String[] {null, "", "garbage!", forOtherUrl, otherToken}) {
            HttpResponse<String> answer = TwilioInbound.post(app, body, signature);
            assertThat(answer.statusCode()).as("signature %s", signature).isEqualTo(403);
            assertThat(answer.body()).contains("X-Twilio-Signature").doesNotContain(PHONE);
        }
        // Signed over other fields than those sent.
        HttpResponse<String> tampered = TwilioInbound.post(app, body, TwilioInbound.SIGNATURE.sign(message("SMbad", PHONE, "START")));
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(consentRows()).isZero();
    }

    @Test
    void phoneNumbersAreMaskedInTheLog() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture()) {
            start();
            TwilioInbound.post(app, message("SMlog", PHONE, "STOP"));
            assertThat(logs.text()).contains("twilio inbound message SMlog from +4********67: STOP -> OPTED_OUT")
                    .doesNotContain(PHONE);
        }
    }

    @Test
    void withoutAWebhookUrlEveryRequestGets403NotConfigured() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("twilio.auth-token", TwilioInbound.AUTH_TOKEN);
        app = RunningApp.start(home, settings);
        HttpResponse<String> answer = TwilioInbound.post(app, message("SMnc", PHONE, "STOP"));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).contains("not configured").contains("TWILIO_WEBHOOK_URL");
        assertThat(consentRows()).isZero();
    }
}
