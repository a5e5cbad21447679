package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Status codes the WireMock tests do not walk through, classified as downstream-apis.md §1–2 say. */
class ProviderAnswersTest {
    private final ProviderAnswers answers = new ProviderAnswers(new ObjectMapper(),
            Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void twilioBadCredentialsArePermanentAndPointAtTheSettings() {
        assertThatThrownBy(() -> answers.sms(401, null, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}"))
                .isInstanceOf(PermanentDispatchFailure.class).hasMessageContaining("20003").hasMessageContaining("TWILIO_AUTH_TOKEN");
    }

    @Test
    void twilioUnsubscribedRecipientIsAPermanentOptOut() {
        assertThatThrownBy(() -> answers.sms(400, null, "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\"}"))
                .isInstanceOf(SmsOptedOut.class).hasMessageContaining("21610");
    }

    @Test
    void twilioServerErrorIsTransientAndKeepsAnHttpDateRetryAfter() {
        assertThatThrownBy(() -> answers.sms(503, "Sat, 01 Mar 2025 10:01:00 GMT", ""))
                .isInstanceOfSatisfying(TransientDispatchFailure.class,
                        t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void invitationTimeoutAndTooEarlyAreTransientOtherClientErrorsPermanent() {
        assertThatThrownBy(() -> answers.invitation(408, null, "")).isInstanceOf(TransientDispatchFailure.class);
        assertThatThrownBy(() -> answers.invitation(425, null, "")).isInstanceOf(TransientDispatchFailure.class);
        assertThatThrownBy(() -> answers.invitation(404, null, "{\"error\":\"no route\"}"))
                .isInstanceOf(PermanentDispatchFailure.class).hasMessageContaining("404").hasMessageContaining("no route");
    }

    @Test
    void longErrorBodiesAreAbbreviated() {
        assertThatThrownBy(() -> answers.invitation(400, null, "x".repeat(5000)))
                .isInstanceOf(PermanentDispatchFailure.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600).endsWith("…"));
    }

    @Test
    void successWithoutTestLinkIsNotTakenForAnInvitation() {
        assertThatThrownBy(() -> answers.invitation(201, null, "{\"invitationId\":\"inv-9\"}"))
                .isInstanceOf(PermanentDispatchFailure.class).hasMessageContaining("without an id or test link");
    }

    @Test
    void alreadyCreatedInvitationIsTheSameInvitation() {
        assertThat(answers.invitation(409, null, "{\"invitationId\":\"inv-9\",\"testUrl\":\"https://t.example/9\"}"))
                .isEqualTo(new PlatformInvitation("inv-9", "https://t.example/9"));
    }
    @Test
    void aPassthroughAnswerCarriesTheAtssOwnStatus() {
        String refused = "{\"success\":true,\"data\":{\"response\":{\"statusCode\":422,"
                + "\"body\":\"{\\\"message\\\":\\\"Invalid user_id\\\"}\"}}}";
        assertThatThrownBy(() -> answers.knitReport(200, null, null, refused)).isInstanceOf(PermanentDispatchFailure.class)
                .hasMessageContaining("422").hasMessageContaining("Invalid user_id");
        String busy = "{\"success\":true,\"data\":{\"response\":{\"status\":503,\"body\":{\"message\":\"down\"}}}}";
        assertThatThrownBy(() -> answers.knitReport(200, null, null, busy)).isInstanceOf(TransientDispatchFailure.class)
                .hasMessageContaining("503");
        assertThat(answers.knitReport(200, null, "ex-1", "{\"success\":true,\"data\":{\"response\":{\"statusCode\":201,\"body\":\"{}\"}}}"))
                .isEqualTo("ex-1");
        assertThat(answers.knitReport(200, null, null, "{\"success\":true,\"data\":{}}")).isEqualTo("knit");
    }
}
