package dev.candidaterouter.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The providers misbehave for a while — the assessment API answers 503, Twilio answers a storm of 429s, the SMTP
 * server is down for 30 s — and then recover: every send goes out exactly once, and nothing ends dead.
 */
@Tag("faults")
@ExtendWith(ScenarioReport.class)
class ProviderOutageFaultTest {
    private static final int CANDIDATES = 30;
    private static final String INVITATIONS = "/invitations";
    private static final String MESSAGES = "/2010-04-01/Accounts/ACfault/Messages.json";

    @TempDir
    Path home;

    @Test
    void everythingIsSentOnceWhenTheProvidersRecover() throws Exception {
        WireMockServer http = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        http.start();
        int smtpPort;
        try (ServerSocket free = new ServerSocket(0)) {
            smtpPort = free.getLocalPort();
        }
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(aResponse().withStatus(503)));
        http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withHeader("Content-Type", "application/json").withBody("{\"code\": 20429, \"message\": \"Too Many Requests\"}")));

        Map<String, String> s = RunningApp.defaults(home);
        s.put("dispatch.mode", "live");
        s.put("knit.sandbox.allow-live-dispatch", "true"); // local stand-ins for the providers: a staging setup
        s.put("assessment.api-url", http.baseUrl());
        s.put("assessment.api-token", "token");
        s.put("twilio.base-url", http.baseUrl());
        s.put("twilio.account-sid", "ACfault");
        s.put("twilio.auth-token", "secret");
        s.put("smtp.host", "127.0.0.1");
        s.put("smtp.port", String.valueOf(smtpPort));
        s.put("smtp.timeout-ms", "2000");
        // Backoff 1 s doubling to 10 s (with jitter at least half of that), 12 attempts: a 30 s outage is ridden out.
        s.put("dispatch.initial-backoff-ms", "1000");
        s.put("dispatch.max-backoff-ms", "10000");
        s.put("dispatch.max-attempts", "12");
        try (RunningApp app = RunningApp.start(home, s)) {
            for (int i = 0; i < CANDIDATES; i++) {
                byte[] body = TestEvents.bytes(TestEvents.candidate("record.new", TestEvents.newId(), "c-outage-" + i,
                        "Java", "Expert", "2025-01-01T00:00:00Z"));
                assertThat(app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
            }
            // The assessment API fails every invitation at least twice.
            await().atMost(Duration.ofSeconds(60)).until(() -> http.findAll(postRequestedFor(urlEqualTo(INVITATIONS))).size()
                    >= 2 * CANDIDATES);
            http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"invitationId\": \"inv\", \"testUrl\": \"https://tests.example.com/t/1\"}")));
            Date invitationsRecovered = new Date();
            await().atMost(Duration.ofSeconds(90)).until(() -> count(app, "ASSESSMENT", "sent") == CANDIDATES);

            // SMTP stays down 30 s from now while Twilio keeps answering 429; then both come back.
            long mailDownUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            await().atMost(Duration.ofSeconds(60)).until(() -> System.nanoTime() >= mailDownUntil);
            assertThat(count(app, "EMAIL", "sent")).isZero();
            assertThat(count(app, "EMAIL", "dead") + count(app, "SMS", "dead")).isZero();
            mail.start();
            http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withBody("{\"sid\": \"SMok\", \"status\": \"queued\"}")));
            Date smsRecovered = new Date();

            await().atMost(Duration.ofSeconds(120)).until(() -> count(app, "EMAIL", "sent") == CANDIDATES
                    && count(app, "SMS", "sent") == CANDIDATES);
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status <> 'sent'")).isZero();

            // Exactly once at the providers: one successful call per row after each recovery, one mail per candidate.
            List<LoggedRequest> invitations = http.findAll(postRequestedFor(urlEqualTo(INVITATIONS)));
            long invitationsAfter = invitations.stream().filter(r -> !r.getLoggedDate().before(invitationsRecovered)).count();
            long smsAfter = http.findAll(postRequestedFor(urlPathEqualTo(MESSAGES))).stream()
                    .filter(r -> !r.getLoggedDate().before(smsRecovered)).count();
            MimeMessage[] mails = mail.getReceivedMessages();
            long distinctMessageIds = Arrays.stream(mails).map(m -> {
                try {
                    return m.getMessageID();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).distinct().count();
            assertThat(invitationsAfter).isEqualTo(CANDIDATES);
            assertThat(smsAfter).isEqualTo(CANDIDATES);
            assertThat(mails).hasSize(CANDIDATES);
            assertThat(distinctMessageIds).isEqualTo(CANDIDATES);
            assertThat(invitations.stream().map(r -> r.getHeader("Idempotency-Key")).distinct().count()).isEqualTo(CANDIDATES);
            long retries = app.jdbc().count("SELECT COALESCE(SUM(attempts - 1), 0) FROM dispatch");
            System.out.printf("provider outage: %d invitation calls (%d after recovery), %d retries in all, 0 dead%n",
                    invitations.size(), invitationsAfter, retries);
            ScenarioReport.record("provider-outage", CANDIDATES, count(app, "ASSESSMENT", "sent"),
                    (invitationsAfter - CANDIDATES) + (smsAfter - CANDIDATES) + (mails.length - CANDIDATES),
                    CANDIDATES - count(app, "ASSESSMENT", "sent"));
        } finally {
            mail.stop();
            http.stop();
        }
    }

    private static long count(RunningApp app, String channel, String status) {
        return app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = ? AND status = ?", channel, status);
    }
}
