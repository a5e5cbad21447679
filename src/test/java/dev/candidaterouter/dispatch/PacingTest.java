package dev.candidaterouter.dispatch;

import static dev.candidaterouter.dispatch.LiveProviders.newCandidate;
import static dev.candidaterouter.dispatch.LiveProviders.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ASSESSMENT_API_RATE and SMS_RATE: the providers (WireMock) never see more calls start in one second than the
 * rate, and the sends over it wait for their turn rather than fail. Measured on the stand-in's request journal.
 */
class PacingTest {
    private static final int RATE = 2;
    private static final int CANDIDATES = 10;
    /**
     * The throttle lets {@link #RATE} calls start per second; WireMock logs a request a few milliseconds after our
     * side started it, and not always the same few. A window this much shorter than a second absorbs that delay;
     * unpaced, ten calls arrive within far less than one window.
     */
    private static final Duration WINDOW = Duration.ofMillis(1000 - 150);

    @TempDir
    Path home;

    @Test
    void noMoreCallsStartInOneSecondThanTheChannelsRateAndTheRestWaitRatherThanFail() throws Exception {
        try (LiveProviders providers = new LiveProviders()) {
            providers.acceptEverything();
            Map<String, String> settings = providers.settings(home);
            settings.put("assessment.api-rate", String.valueOf(RATE));
            settings.put("sms.rate", String.valueOf(RATE));
            try (RunningApp app = RunningApp.start(home, settings)) {
                // A first send opens the HTTP connection and warms the code: slower than the ones after it, it
                // would arrive late at WireMock and crowd the next second's calls in the journal.
                newCandidate(app, "c-warm-up");
                await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(status(app, "c-warm-up", "ASSESSMENT"))
                        && "sent".equals(status(app, "c-warm-up", "SMS")));

                List<String> candidates = IntStream.rangeClosed(1, CANDIDATES).mapToObj(i -> "c-paced-" + i).toList();
                for (String candidate : candidates) {
                    newCandidate(app, candidate);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> candidates.stream()
                        .allMatch(c -> "sent".equals(status(app, c, "ASSESSMENT")) && "sent".equals(status(app, c, "SMS"))));

                List<Long> invitations = arrivals(providers.invitationRequests());
                List<Long> sms = arrivals(providers.smsRequests());
                assertThat(invitations).hasSize(CANDIDATES);
                assertThat(sms).hasSize(CANDIDATES);
                assertThat(mostCallsWithinOneWindow(invitations)).as("invitations in one second, arrivals %s", invitations)
                        .isLessThanOrEqualTo(RATE);
                assertThat(mostCallsWithinOneWindow(sms)).as("SMS in one second, arrivals %s", sms)
                        .isLessThanOrEqualTo(RATE);
                // Waiting is not failing: every send went out on its first attempt.
                assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE attempts <> 1")).isZero();
            }
        }
    }

    @Test
    void emailsDoNotWaitBehindSmsHeldBackByItsRate() throws Exception {
        try (LiveProviders providers = new LiveProviders()) {
            providers.acceptEverything();
            Map<String, String> settings = providers.settings(home);
            settings.put("sms.rate", "1");
            try (RunningApp app = RunningApp.start(home, settings)) {
                List<String> candidates = IntStream.rangeClosed(1, 6).mapToObj(i -> "c-lane-" + i).toList();
                for (String candidate : candidates) {
                    newCandidate(app, candidate);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> candidates.stream().allMatch(c -> "sent".equals(status(app, c, "SMS"))));

                // At one SMS a second the third SMS starts at least two seconds after the first; with the email
                // sends queued behind the SMS (one poller for all channels), the later emails would follow it.
                List<Long> sms = providers.smsRequests().stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
                long lastEmail = app.jdbc().queryOne("SELECT MAX(sent_at) AS last_sent FROM dispatch WHERE channel = 'EMAIL'",
                        rs -> Jdbc.instant(rs, "last_sent").toEpochMilli()).orElseThrow();
                assertThat(providers.mail.getReceivedMessages()).hasSize(6);
                assertThat(lastEmail).as("last email sent, SMS arrivals %s", sms).isLessThan(sms.get(2));
            }
        }
    }

    @Test
    void aPollClaimsNoMoreThanTheChannelSendsInHalfTheClaimTimeoutSoNoClaimExpiresWhileItWaits() {
        assertThat(DispatchRepository.claimLimit(50, 10, Duration.ofSeconds(300))).isEqualTo(50);
        assertThat(DispatchRepository.claimLimit(50, 1, Duration.ofSeconds(60))).isEqualTo(30);
        assertThat(DispatchRepository.claimLimit(50, 1, Duration.ofSeconds(1))).isEqualTo(1);
    }

    /** When WireMock received the requests, in milliseconds, without the warm-up's (the first). */
    private static List<Long> arrivals(List<LoggedRequest> requests) {
        List<Long> times = requests.stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
        return times.subList(1, times.size());
    }

    /** The most requests whose arrival lies within one {@link #WINDOW}, over every window starting at a request. */
    private static int mostCallsWithinOneWindow(List<Long> times) {
        int most = 0;
        for (int first = 0; first < times.size(); first++) {
            int last = first;
            while (last + 1 < times.size() && times.get(last + 1) - times.get(first) < WINDOW.toMillis()) {
                last++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
