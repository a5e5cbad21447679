package dev.candidaterouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.candidaterouter.dispatch.LiveProviders.INVITATIONS;
import static dev.candidaterouter.dispatch.LiveProviders.MESSAGES;
import static dev.candidaterouter.dispatch.LiveProviders.TEST_URL;
import static dev.candidaterouter.dispatch.LiveProviders.column;
import static dev.candidaterouter.dispatch.LiveProviders.newCandidate;
import static dev.candidaterouter.dispatch.LiveProviders.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.candidaterouter.RunningApp;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DISPATCH_MODE=live end to end: a signed webhook event goes through the real routes to WireMock (assessment API,
 * Twilio) and GreenMail (SMTP); outcomes are read from the dispatch table and the simulators.
 */
class LiveDispatchTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

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

    private void startApp() throws Exception {
        app = RunningApp.start(home, providers.settings(home));
    }

    private void awaitStatus(String candidateId, String channel, String status) {
        await().atMost(WAIT).until(() -> status.equals(status(app, candidateId, channel)));
    }

    @Test
    void withStartTlsSetNoMailGoesOutInPlainTextToAServerThatDoesNotOfferIt() throws Exception {
        providers.acceptEverything();
        Map<String, String> settings = providers.settings(home);
        settings.put("smtp.starttls", "true"); // GreenMail's plain SMTP does not offer STARTTLS
        app = RunningApp.start(home, settings);
        newCandidate(app, "c-tls");
        awaitStatus("c-tls", "ASSESSMENT", "sent");
        await().atMost(WAIT).until(() -> String.valueOf(column(app, "last_error", "c-tls", "EMAIL")).contains("STARTTLS"));

        assertThat(providers.mail.getReceivedMessages()).as("mail sent without TLS").isEmpty();
        assertThat(status(app, "c-tls", "EMAIL")).isNotEqualTo("sent");
    }

    @Test
    void emailIsMultipartAlternativePersonalisedWithTheTestLinkAndAKeyedMessageId() throws Exception {
        providers.acceptEverything();
        startApp();
        newCandidate(app, "c-mail");
        awaitStatus("c-mail", "EMAIL", "sent");

        MimeMessage[] received = providers.mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        String key = column(app, "dispatch_key", "c-mail", "EMAIL");
        String assessment = column(app, "assessment_id", "c-mail", "EMAIL");
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("zoe.angstrom@example.com");
        assertThat(message.getFrom()).extracting(Object::toString).containsExactly("assessments@hiring.example.com");
        assertThat(message.getSubject()).isEqualTo("Your " + ChannelPayloads.displayName(assessment) + " assessment");
        assertThat(message.getMessageID()).isEqualTo("<" + key + "@candidate-router>");
        assertThat(column(app, "provider_id", "c-mail", "EMAIL")).isEqualTo("<" + key + "@candidate-router>");
        assertThat(message.getContentType()).startsWith("multipart/alternative");

        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat((String) text.getContent()).contains("Hello Zoë,").contains(TEST_URL);
        assertThat((String) html.getContent()).contains("Hello Zoë,").contains("href=\"" + TEST_URL + "\"");
    }

    @Test
    void anAtsEmailFieldHoldingTwoAddressesIsADataIssueAndNoMailGoesToEither() throws Exception {
        providers.acceptEverything();
        startApp();
        byte[] body = dev.candidaterouter.TestEvents.bytes(dev.candidaterouter.TestEvents.candidate("record.new",
                dev.candidaterouter.TestEvents.newId(), "c-two-addresses", "Java", "Expert", "2025-01-01T00:00:00Z")
                .replace("zoe.angstrom@example.com", "a@x.com,bob"));
        assertThat(app.post("/webhooks/knit", body, dev.candidaterouter.TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
        // Without an email the rules reach the candidate by SMS: once that went out, every send was decided.
        awaitStatus("c-two-addresses", "SMS", "sent");

        String profile = app.jdbc().queryOne("SELECT profile_json FROM decision WHERE candidate_id = 'c-two-addresses'",
                rs -> rs.getString(1)).orElseThrow();
        com.fasterxml.jackson.databind.JsonNode p = new com.fasterxml.jackson.databind.ObjectMapper().readTree(profile);
        assertThat(p.path("preferredEmail").isNull()).as("preferredEmail of %s", profile).isTrue();
        assertThat(p.path("dataIssues").findValuesAsText("field")).contains("info.emails[0].email");
        assertThat(status(app, "c-two-addresses", "EMAIL")).isEqualTo("absent");
        assertThat(providers.mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void anInternationalDomainGoesOutInItsAsciiFormAndANonAsciiLocalPartNotAtAll() throws Exception {
        providers.acceptEverything();
        startApp();
        for (String[] candidate : new String[][] {{"c-idn-domain", "zoe.angstrom@exämple.de"}, {"c-utf8-local", "zoë@example.com"}}) {
            byte[] body = dev.candidaterouter.TestEvents.bytes(dev.candidaterouter.TestEvents.candidate("record.new",
                    dev.candidaterouter.TestEvents.newId(), candidate[0], "Java", "Expert", "2025-01-01T00:00:00Z")
                    .replace("zoe.angstrom@example.com", candidate[1]));
            assertThat(app.post("/webhooks/knit", body, dev.candidaterouter.TestEvents.signedHeaders(body)).statusCode())
                    .isEqualTo(200);
        }
        awaitStatus("c-idn-domain", "EMAIL", "sent");
        awaitStatus("c-utf8-local", "SMS", "sent"); // without a usable email the rules reach the candidate by SMS

        MimeMessage[] received = providers.mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getHeader("To", null)).isEqualTo("zoe.angstrom@xn--exmple-cua.de");
        assertThat(received[0].getAllRecipients()).extracting(Object::toString)
                .containsExactly("zoe.angstrom@xn--exmple-cua.de");
        String profile = app.jdbc().queryOne("SELECT profile_json FROM decision WHERE candidate_id = 'c-utf8-local'",
                rs -> rs.getString(1)).orElseThrow();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(profile).path("dataIssues").findValuesAsText("field"))
                .contains("info.emails[0].email");
        assertThat(status(app, "c-utf8-local", "EMAIL")).isEqualTo("absent");
    }

    @Test
    void smsIsAFormPostWithBasicAuthAndTheTestLink() throws Exception {
        providers.acceptEverything();
        startApp();
        newCandidate(app, "c-sms");
        awaitStatus("c-sms", "SMS", "sent");

        List<LoggedRequest> sms = providers.smsRequests();
        assertThat(sms).hasSize(1);
        LoggedRequest request = sms.get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (LiveProviders.ACCOUNT_SID + ":" + LiveProviders.AUTH_TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = LiveProviders.form(request);
        assertThat(form).containsEntry("To", "+46701234567").containsEntry("From", "+15005550006");
        assertThat(form.get("Body")).contains("Zoë").contains(TEST_URL);
        assertThat(column(app, "provider_id", "c-sms", "SMS")).isEqualTo("SM0123456789abcdef");
    }

    @Test
    void smsAnswered429IsRetriedAfterRetryAfterAndThenSent() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}"))
                .willSetStateTo("calm"));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(LiveProviders.smsAnswer()));
        startApp();
        newCandidate(app, "c-busy");
        awaitStatus("c-busy", "SMS", "sent");

        List<LoggedRequest> sms = providers.smsRequests();
        assertThat(sms).hasSize(2);
        // Our own backoff is 50 ms here: a gap of about a second is Twilio's Retry-After.
        long gap = sms.get(1).getLoggedDate().getTime() - sms.get(0).getLoggedDate().getTime();
        assertThat(gap).isGreaterThanOrEqualTo(900);
        assertThat(app.jdbc().count("SELECT attempts FROM dispatch WHERE candidate_id = 'c-busy' AND channel = 'SMS'")).isEqualTo(2);
    }

    @Test
    void smsToAnInvalidNumberFailsPermanentlyWithTwiliosCodeAndIsNotRetried() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":21211,\"message\":\"The 'To' number +46701234567 is not a valid phone number.\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}")));
        startApp();
        newCandidate(app, "c-badphone");
        awaitStatus("c-badphone", "SMS", "failed_permanent");

        assertThat(column(app, "last_error", "c-badphone", "SMS")).contains("21211").contains("is not a valid phone number");
        assertThat(providers.smsRequests()).hasSize(1);
        // The email is independent of the SMS.
        awaitStatus("c-badphone", "EMAIL", "sent");
    }

    @Test
    void invitationAnswered503IsRetriedWithTheSameIdempotencyKey() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("maintenance")).willSetStateTo("up"));
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(LiveProviders.invitationAnswer(201)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer()));
        startApp();
        newCandidate(app, "c-flaky");
        awaitStatus("c-flaky", "ASSESSMENT", "sent");

        List<LoggedRequest> invitations = providers.invitationRequests();
        assertThat(invitations).hasSize(2);
        String key = column(app, "dispatch_key", "c-flaky", "ASSESSMENT");
        assertThat(invitations).extracting(r -> r.getHeader("Idempotency-Key")).containsExactly(key, key);
        assertThat(invitations).extracting(r -> r.getHeader("Authorization"))
                .containsOnly("Bearer " + LiveProviders.API_TOKEN);
        assertThat(invitations.get(0).getBodyAsString()).contains("\"candidateId\":\"c-flaky\"");
        assertThat(column(app, "provider_id", "c-flaky", "ASSESSMENT")).isEqualTo("inv-1");
        assertThat(column(app, "test_url", "c-flaky", "ASSESSMENT")).isEqualTo(TEST_URL);
        awaitStatus("c-flaky", "EMAIL", "sent");
        awaitStatus("c-flaky", "SMS", "sent");
    }

    @Test
    void invitationRefusedWith400FailsPermanentlyAndCancelsTheNotifications() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"unknown assessmentId\"}")));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer()));
        startApp();
        newCandidate(app, "c-refused");
        awaitStatus("c-refused", "ASSESSMENT", "failed_permanent");

        assertThat(column(app, "last_error", "c-refused", "ASSESSMENT")).contains("400").contains("unknown assessmentId");
        assertThat(status(app, "c-refused", "EMAIL")).isEqualTo("cancelled");
        assertThat(status(app, "c-refused", "SMS")).isEqualTo("cancelled");
        assertThat(providers.invitationRequests()).hasSize(1);
        assertThat(providers.smsRequests()).isEmpty();
        assertThat(providers.mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void invitationAnswered409IsTheAlreadyCreatedInvitation() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(409)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer()));
        startApp();
        newCandidate(app, "c-again");
        awaitStatus("c-again", "ASSESSMENT", "sent");

        assertThat(column(app, "provider_id", "c-again", "ASSESSMENT")).isEqualTo("inv-1");
        assertThat(providers.invitationRequests()).hasSize(1);
        awaitStatus("c-again", "EMAIL", "sent");
        assertThat((String) ((MimeMultipart) providers.mail.getReceivedMessages()[0].getContent()).getBodyPart(0).getContent())
                .contains(TEST_URL);
    }

    @Test
    void smsWithoutAnswerIsKeptForReviewInsteadOfBeingSentTwice() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer().withFixedDelay(3000)));
        Map<String, String> settings = providers.settings(home);
        settings.put("http.response-timeout-ms", "500");
        app = RunningApp.start(home, settings);
        newCandidate(app, "c-silent");
        awaitStatus("c-silent", "SMS", "review");

        assertThat(column(app, "last_error", "c-silent", "SMS")).contains("outcome unknown");
        assertThat(providers.smsRequests()).hasSize(1);
    }

    @Test
    void hackerRankFlavourInvitesToTheMappedTestAndReadsItsTestLink() throws Exception {
        Path mapping = home.resolve("assessment-tests.properties");
        java.nio.file.Files.writeString(mapping, "backend-jvm-advanced = 4711\n");
        providers.http.stubFor(post(urlEqualTo("/x/api/v3/tests/4711/candidates")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"98765\",\"email\":\"zoe.angstrom@example.com\",\"test_link\":\"https://www.hackerrank.com/tests/abc/login?b=xyz\"}")));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer()));
        Map<String, String> settings = providers.settings(home);
        settings.put("assessment.api-flavor", "hackerrank");
        settings.put("assessment.test-mapping", mapping.toString());
        app = RunningApp.start(home, settings);
        newCandidate(app, "c-hr");
        awaitStatus("c-hr", "EMAIL", "sent");

        List<LoggedRequest> invites = providers.http.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/x/api/v3/tests/4711/candidates")));
        assertThat(invites).hasSize(1);
        assertThat(invites.get(0).getHeader("Authorization")).isEqualTo("Bearer " + LiveProviders.API_TOKEN);
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(invites.get(0).getBodyAsString());
        assertThat(body.path("email").asText()).isEqualTo("zoe.angstrom@example.com");
        assertThat(body.path("full_name").asText()).isEqualTo("Zoë Ångström");
        assertThat(body.path("send_email").asBoolean(true)).isFalse();
        assertThat(body.path("tags").toString()).contains("backend-jvm-advanced");
        assertThat(column(app, "provider_id", "c-hr", "ASSESSMENT")).isEqualTo("98765");
        assertThat(column(app, "test_url", "c-hr", "ASSESSMENT")).isEqualTo("https://www.hackerrank.com/tests/abc/login?b=xyz");
    }

    @Test
    void hackerRankFlavourWithoutMappedTestFailsPermanentlyNamingTheAssessment() throws Exception {
        Map<String, String> settings = providers.settings(home);
        settings.put("assessment.api-flavor", "hackerrank");
        // The file must exist (checked at start-up); it maps other assessments only.
        settings.put("assessment.test-mapping", Files.writeString(home.resolve("other-tests.properties"),
                "frontend-junior = 11111\n").toString());
        app = RunningApp.start(home, settings);
        newCandidate(app, "c-hr-unmapped");
        awaitStatus("c-hr-unmapped", "ASSESSMENT", "failed_permanent");

        assertThat(column(app, "last_error", "c-hr-unmapped", "ASSESSMENT"))
                .contains("no HackerRank test mapped for assessment 'backend-jvm-advanced'");
        assertThat(status(app, "c-hr-unmapped", "EMAIL")).isEqualTo("cancelled");
        assertThat(providers.http.getAllServeEvents()).isEmpty();
    }
}
