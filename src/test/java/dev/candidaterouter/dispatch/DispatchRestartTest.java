package dev.candidaterouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.candidaterouter.dispatch.LiveProviders.INVITATIONS;
import static dev.candidaterouter.dispatch.LiveProviders.MESSAGES;
import static dev.candidaterouter.dispatch.LiveProviders.column;
import static dev.candidaterouter.dispatch.LiveProviders.newCandidate;
import static dev.candidaterouter.dispatch.LiveProviders.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.candidaterouter.RunningApp;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process stops while a send is in flight (the provider is slow to answer) and starts again on the same
 * database: every decision still ends with one send per channel — the invitation thanks to its idempotency key,
 * the SMS by not resending what may have gone out.
 */
class DispatchRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    Path home;

    LiveProviders providers;

    @BeforeEach
    void startProviders() {
        providers = new LiveProviders();
    }

    @AfterEach
    void stopProviders() {
        providers.close();
    }

    /** Stops after a second even with a send in flight, and reclaims a crashed claim after a second. */
    private Map<String, String> settings() {
        Map<String, String> s = providers.settings(home);
        s.put("camel.main.shutdown-timeout", "1");
        s.put("processing.claim-timeout-seconds", "1");
        return s;
    }

    @Test
    void invitationInFlightAtStopIsCompletedOnceAfterRestartAndNotificationsGoOutOnce() throws Exception {
        // The platform creates the invitation but answers slowly; asked again with the same key it answers 409.
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).inScenario("platform").whenScenarioStateIs(STARTED)
                .willReturn(LiveProviders.invitationAnswer(201).withFixedDelay(4000)).willSetStateTo("created"));
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).inScenario("platform").whenScenarioStateIs("created")
                .willReturn(LiveProviders.invitationAnswer(409)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer()));

        String key;
        try (RunningApp first = RunningApp.start(home, settings())) {
            newCandidate(first, "c-restart");
            await().atMost(WAIT).until(() -> providers.invitationRequests().size() == 1);
            key = column(first, "dispatch_key", "c-restart", "ASSESSMENT");
            assertThat(status(first, "c-restart", "ASSESSMENT")).isEqualTo("sending");
        }

        try (RunningApp second = RunningApp.start(home, settings())) {
            await().atMost(WAIT).until(() -> "sent".equals(status(second, "c-restart", "EMAIL"))
                    && "sent".equals(status(second, "c-restart", "SMS")));
            assertThat(status(second, "c-restart", "ASSESSMENT")).isEqualTo("sent");
            assertThat(column(second, "provider_id", "c-restart", "ASSESSMENT")).isEqualTo("inv-1");
            String emailKey = column(second, "dispatch_key", "c-restart", "EMAIL");

            // Asked twice, always with the same key: one invitation exists on the platform.
            List<LoggedRequest> invitations = providers.invitationRequests();
            assertThat(invitations).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(key);
            MimeMessage[] mails = providers.mail.getReceivedMessages();
            assertThat(Arrays.stream(mails).map(LiveProviders::messageId)).containsExactly("<" + emailKey + "@candidate-router>");
            assertThat(providers.smsRequests()).hasSize(1);
        }
    }

    @Test
    void smsInFlightAtStopIsNotSentAgainButKeptForReview() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer().withFixedDelay(8000)));

        try (RunningApp first = RunningApp.start(home, settings())) {
            newCandidate(first, "c-sms-restart");
            // Stopped while Twilio holds the SMS's request, once the email (its own poller) is done: an email still
            // on its way at the stop would be taken again after the restart, a different case from the one tested.
            await().atMost(WAIT).until(() -> providers.smsRequests().size() == 1
                    && "sent".equals(status(first, "c-sms-restart", "EMAIL")));
            assertThat(status(first, "c-sms-restart", "SMS")).isEqualTo("sending");
        }

        try (RunningApp second = RunningApp.start(home, settings())) {
            await().atMost(WAIT).until(() -> "review".equals(status(second, "c-sms-restart", "SMS")));
            assertThat(column(second, "last_error", "c-sms-restart", "SMS")).contains("outcome unknown");
            assertThat(status(second, "c-sms-restart", "EMAIL")).isEqualTo("sent");
        }
        assertThat(providers.smsRequests()).hasSize(1);
        assertThat(providers.mail.getReceivedMessages()).hasSize(1);
    }
}
