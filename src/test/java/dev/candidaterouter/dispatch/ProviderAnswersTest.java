package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Status codes the WireMock tests do not walk through, classified as downstream-apis.md §1–2 say. */
class ProviderAnswersTest {
    private final ProviderAnswers answers = new ProviderAnswers(new ObjectMapper(),
            Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));

    private static Exchange answer(int status, String body, String retryAfter) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader("Retry-After", retryAfter);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void twilioBadCredentialsArePermanentAndPointAtTheSettings() {
        assertThatThrownBy(() -> answers.sms(answer(401, "{\"code\":20003,\"message\":\"Authenticate\",\"status\":401}", null)))
                .isInstanceOf(PermanentDispatchFailure.class).hasMessageContaining("20003").hasMessageContaining("TWILIO_AUTH_TOKEN");
    }

    @Test
    void twilioUnsubscribedRecipientIsPermanent() {
        assertThatThrownBy(() -> answers.sms(answer(400, "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\"}", null)))
                .isInstanceOf(PermanentDispatchFailure.class).hasMessageContaining("21610");
    }

    @Test
    void twilioServerErrorIsTransientAndKeepsAnHttpDateRetryAfter() {
        assertThatThrownBy(() -> answers.sms(answer(503, "", "Sat, 01 Mar 2025 10:01:00 GMT")))
                .isInstanceOfSatisfying(TransientDispatchFailure.class,
                        t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
    }

    @Test
    void invitationTimeoutAndTooEarlyAreTransientOtherClientErrorsPermanent() {
        assertThatThrownBy(() -> answers.invitation(answer(408, "", null))).isInstanceOf(TransientDispatchFailure.class);
        assertThatThrownBy(() -> answers.invitation(answer(425, "", null))).isInstanceOf(TransientDispatchFailure.class);
        assertThatThrownBy(() -> answers.invitation(answer(404, "{\"error\":\"no route\"}", null)))
                .isInstanceOf(PermanentDispatchFailure.class).hasMessageContaining("404").hasMessageContaining("no route");
    }

    @Test
    void longErrorBodiesAreAbbreviated() {
        assertThatThrownBy(() -> answers.invitation(answer(400, "x".repeat(5000), null)))
                .isInstanceOf(PermanentDispatchFailure.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600).endsWith("…"));
    }

    @Test
    void successWithoutTestLinkIsNotTakenForAnInvitation() {
        assertThatThrownBy(() -> answers.invitation(answer(201, "{\"invitationId\":\"inv-9\"}", null)))
                .isInstanceOf(PermanentDispatchFailure.class).hasMessageContaining("without an id or test link");
    }
}
