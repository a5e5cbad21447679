package dev.candidaterouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The providers of live mode, as real local servers: WireMock plays the assessment API and Twilio, GreenMail is
 * the SMTP server. {@link #settings} points a {@link RunningApp} at them.
 */
public final class LiveProviders implements AutoCloseable {
    static final String ACCOUNT_SID = "ACtest0001";
    static final String AUTH_TOKEN = "twilio-secret";
    static final String API_TOKEN = "assessment-secret";
    static final String TEST_URL = "https://tests.example.com/t/inv-1";
    static final String INVITATIONS = "/invitations";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    public final WireMockServer http;
    public final GreenMail mail;

    public LiveProviders() {
        http = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        http.start();
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
    }

    /** Live mode against these servers, with short backoffs so retries happen within a test. */
    public Map<String, String> settings(Path home) {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("dispatch.mode", "live");
        s.put("knit.sandbox.allow-live-dispatch", "true"); // local stand-ins for the providers: a staging setup
        s.put("assessment.api-url", http.baseUrl());
        s.put("assessment.api-token", API_TOKEN);
        s.put("twilio.base-url", http.baseUrl());
        s.put("twilio.account-sid", ACCOUNT_SID);
        s.put("twilio.auth-token", AUTH_TOKEN);
        s.put("smtp.host", "127.0.0.1");
        s.put("smtp.port", String.valueOf(mail.getSmtp().getPort()));
        s.put("mail.from", "assessments@hiring.example.com");
        s.put("dispatch.initial-backoff-ms", "50");
        s.put("dispatch.max-backoff-ms", "200");
        return s;
    }

    static ResponseDefinitionBuilder invitationAnswer(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"invitationId\":\"inv-1\",\"testUrl\":\"" + TEST_URL + "\"}");
    }

    static ResponseDefinitionBuilder smsAnswer() {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"SM0123456789abcdef\",\"status\":\"queued\"}");
    }

    /** Both APIs answer success. */
    public void acceptEverything() {
        http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(invitationAnswer(201)));
        http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(smsAnswer()));
    }

    List<LoggedRequest> invitationRequests() {
        return http.findAll(postRequestedFor(urlEqualTo(INVITATIONS)));
    }

    public List<LoggedRequest> smsRequests() {
        return http.findAll(postRequestedFor(urlPathEqualTo(MESSAGES)));
    }

    static Map<String, String> form(LoggedRequest request) {
        return Arrays.stream(request.getBodyAsString().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length < 2 ? "" : URLDecoder.decode(p[1], StandardCharsets.UTF_8), (a, b) -> b, LinkedHashMap::new));
    }

    /** Posts a signed Knit event for an expert Java candidate (Zoë Ångström, email and phone): all three channels. */
    static void newCandidate(RunningApp app, String candidateId) throws Exception {
        byte[] body = TestEvents.bytes(TestEvents.candidate("record.new", TestEvents.newId(), candidateId, "Java", "Expert",
                "2025-01-01T00:00:00Z"));
        int status = app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode();
        if (status != 200) {
            throw new AssertionError("webhook answered " + status);
        }
    }

    static String status(RunningApp app, String candidateId, String channel) {
        return app.jdbc().queryOne("SELECT status FROM dispatch WHERE candidate_id = ? AND channel = ?",
                rs -> rs.getString(1), candidateId, channel).orElse("absent");
    }

    static String column(RunningApp app, String column, String candidateId, String channel) {
        return app.jdbc().queryOne("SELECT " + column + " FROM dispatch WHERE candidate_id = ? AND channel = ?",
                rs -> rs.getString(1), candidateId, channel).orElse(null);
    }

    static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.stop();
        mail.stop();
    }
}
