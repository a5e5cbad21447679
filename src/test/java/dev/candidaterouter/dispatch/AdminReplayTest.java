package dev.candidaterouter.dispatch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.candidaterouter.dispatch.LiveProviders.INVITATIONS;
import static dev.candidaterouter.dispatch.LiveProviders.MESSAGES;
import static dev.candidaterouter.dispatch.LiveProviders.column;
import static dev.candidaterouter.dispatch.LiveProviders.newCandidate;
import static dev.candidaterouter.dispatch.LiveProviders.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.RunningApp;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /admin/dispatches/replay against the running application: the token check, the filters and the replay itself. */
class AdminReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "admin-secret-token-1";
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

    private HttpResponse<String> replay(String query, String authorization) throws Exception {
        return app.post("/admin/dispatches/replay" + query, new byte[0],
                authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    @Test
    void adminApiIsDisabledWithoutAdminToken() throws Exception {
        app = RunningApp.start(home, providers.settings(home));
        HttpResponse<String> answer = replay("", "Bearer anything");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("admin API disabled: set ADMIN_TOKEN");
    }

    @Test
    void missingOrWrongTokenIsRefusedWith401() throws Exception {
        Map<String, String> settings = providers.settings(home);
        settings.put("admin.token", TOKEN);
        app = RunningApp.start(home, settings);
        assertThat(replay("", null).statusCode()).isEqualTo(401);
        assertThat(replay("", "Bearer admin-secret-2").statusCode()).isEqualTo(401);
        assertThat(replay("", "Basic " + TOKEN).statusCode()).isEqualTo(401);
        // A bad id is named in the answer, JSON-quoted (it used to be pasted in as it came).
        HttpResponse<String> bad = replay("?id=a%22b", "Bearer " + TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(bad.body()).path("error").asText()).contains("a\"b");
        HttpResponse<String> ok = replay("", "Bearer " + TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"replayed\":0,\"ids\":[],\"notificationsRestored\":[]}");
    }

    @Test
    void replayingAPermanentlyFailedInvitationSendsItAndItsCancelledNotifications() throws Exception {
        // Providers echo contact data in their errors: the admin views must mask it.
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(aResponse().withStatus(422)
                .withBody("{\"error\":\"no such test for zoe.angstrom@example.com\"}")));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer()));
        Map<String, String> settings = providers.settings(home);
        settings.put("admin.token", TOKEN);
        app = RunningApp.start(home, settings);
        newCandidate(app, "c-replay");
        await().atMost(WAIT).until(() -> "failed_permanent".equals(status(app, "c-replay", "ASSESSMENT")));
        assertThat(status(app, "c-replay", "EMAIL")).isEqualTo("cancelled");
        String deadLetters = app.get("/admin/dead-letters", Map.of("Authorization", "Bearer " + TOKEN)).body();
        assertThat(deadLetters).contains("no such test for").doesNotContain("zoe.angstrom@example.com");
        String revealed = app.get("/admin/candidates/c-replay?reveal=true", Map.of("Authorization", "Bearer " + TOKEN)).body();
        assertThat(revealed).contains("zoe.angstrom@example.com");

        // The operator fixes the platform's configuration, then replays the row.
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));
        String id = column(app, "id", "c-replay", "ASSESSMENT");
        HttpResponse<String> answer = replay("?id=" + id, "Bearer " + TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"replayed\":1");

        await().atMost(WAIT).until(() -> "sent".equals(status(app, "c-replay", "EMAIL"))
                && "sent".equals(status(app, "c-replay", "SMS")));
        assertThat(status(app, "c-replay", "ASSESSMENT")).isEqualTo("sent");
        assertThat(providers.mail.getReceivedMessages()).hasSize(1);
        assertThat(providers.smsRequests()).hasSize(1);
    }

    @Test
    void replayWithoutIdSendsEveryDeadRowAgain() throws Exception {
        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(aResponse().withStatus(502)));
        providers.http.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(LiveProviders.smsAnswer()));
        Map<String, String> settings = providers.settings(home);
        settings.put("admin.token", TOKEN);
        settings.put("dispatch.max-attempts", "2");
        app = RunningApp.start(home, settings);
        newCandidate(app, "c-dead");
        await().atMost(WAIT).until(() -> "dead".equals(status(app, "c-dead", "ASSESSMENT")));
        assertThat(providers.invitationRequests()).hasSize(2);

        providers.http.stubFor(post(urlEqualTo(INVITATIONS)).willReturn(LiveProviders.invitationAnswer(201)));
        assertThat(replay("", "Bearer " + TOKEN).body()).startsWith("{\"replayed\":1,");
        await().atMost(WAIT).until(() -> "sent".equals(status(app, "c-dead", "ASSESSMENT")));
        assertThat(providers.invitationRequests()).hasSize(3);
    }

    @Test
    void oneCallReplaysEverySmsATemplateTypoFailedOnceTheTemplateIsFixed() throws Exception {
        providers.acceptEverything();
        Path templates = Files.createDirectories(home.resolve("templates"));
        try (var files = Files.list(Path.of("templates"))) {
            for (Path f : files.toList()) {
                Files.copy(f, templates.resolve(f.getFileName()));
            }
        }
        Path sms = templates.resolve("invitation-sms.txt");
        String goodSms = Files.readString(sms);
        Files.writeString(sms, goodSms.replace("{{testLink}}", "{{testLnk}}"));
        Map<String, String> settings = providers.settings(home);
        settings.put("admin.token", TOKEN);
        settings.put("templates.dir", templates.toString());
        app = RunningApp.start(home, settings);
        Instant beforeFailures = Instant.now().minusSeconds(1);
        int candidates = 21;
        for (int i = 0; i < candidates; i++) {
            newCandidate(app, "c-typo-" + i);
        }
        await().atMost(WAIT).until(() -> count(app, "SMS", "failed_permanent") == candidates
                && count(app, "EMAIL", "sent") == candidates);
        assertThat(providers.smsRequests()).isEmpty();
        List<Long> failedSms = app.jdbc().query("SELECT id FROM dispatch WHERE channel = 'SMS' ORDER BY id", rs -> rs.getLong(1));

        // What would come back, asked several ways; nothing changes.
        assertThat(dryRun("?status=failed_permanent&channel=sms&dryRun=true").path("ids")).hasSize(candidates);
        assertThat(dryRun("?status=failed_permanent&reason=UNKNOWN+PLACEHOLDER+%7B%7BtestLnk%7D%7D&dryRun=true")
                .path("wouldReplay").asInt()).isEqualTo(candidates);
        assertThat(dryRun("?status=failed_permanent&reason=no+such+reason&dryRun=true").path("wouldReplay").asInt()).isZero();
        assertThat(dryRun("?status=failed_permanent&reason=%25&dryRun=true").path("wouldReplay").asInt()).as("% is a character").isZero();
        assertThat(dryRun("?status=failed_permanent&until=" + beforeFailures + "&dryRun=true").path("wouldReplay").asInt()).isZero();
        assertThat(dryRun("?status=failed_permanent&since=" + beforeFailures + "&channel=email,assessment&dryRun=true")
                .path("wouldReplay").asInt()).isZero();
        assertThat(dryRun("?dryRun=true").path("wouldReplay").asInt()).as("default: dead rows only").isZero();
        assertThat(count(app, "SMS", "failed_permanent")).isEqualTo(candidates);

        // The recruiter fixes the template; one call brings every failed SMS back.
        Files.writeString(sms, goodSms);
        HttpResponse<String> answer = replay("?status=failed_permanent&channel=sms&since=" + beforeFailures, "Bearer " + TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode replayed = JSON.readTree(answer.body());
        assertThat(replayed.path("replayed").asInt()).isEqualTo(candidates);
        assertThat(JSON.convertValue(replayed.path("ids"), Long[].class)).containsExactlyElementsOf(failedSms);

        await().atMost(WAIT).until(() -> count(app, "SMS", "sent") == candidates);
        // Asking again finds nothing: each SMS went out once, invitations and emails were not sent again.
        assertThat(JSON.readTree(replay("?status=failed_permanent&channel=sms", "Bearer " + TOKEN).body()).path("replayed").asInt())
                .isZero();
        assertThat(providers.smsRequests()).hasSize(candidates);
        assertThat(providers.smsRequests().stream().map(r -> LiveProviders.form(r).get("Body")))
                .allSatisfy(body -> assertThat(body).contains(LiveProviders.TEST_URL));
        assertThat(providers.invitationRequests()).hasSize(candidates);
        assertThat(providers.mail.getReceivedMessages()).hasSize(candidates);
    }

    @Test
    void aTemplateGoneAfterStartFailsEmailAndSmsForGoodNamingItAndAReplaySendsEachOnceItIsBack() throws Exception {
        providers.acceptEverything();
        Path templates = Files.createDirectories(home.resolve("templates"));
        try (var files = Files.list(Path.of("templates"))) {
            for (Path f : files.toList()) {
                Files.copy(f, templates.resolve(f.getFileName()));
            }
        }
        Map<String, String> settings = providers.settings(home);
        settings.put("admin.token", TOKEN);
        settings.put("templates.dir", templates.toString());
        app = RunningApp.start(home, settings);
        // Someone moves the texts away while the process runs: reading them fails before any provider is called.
        Path email = templates.resolve("invitation-email.txt");
        Path sms = templates.resolve("invitation-sms.txt");
        String goodEmail = Files.readString(email);
        String goodSms = Files.readString(sms);
        Files.delete(email);
        Files.delete(sms);
        newCandidate(app, "c-no-template");

        // Not a network error retried forever, not an SMS "that may have been sent" put to review: failed for good.
        await().atMost(WAIT).until(() -> "failed_permanent".equals(status(app, "c-no-template", "EMAIL"))
                && "failed_permanent".equals(status(app, "c-no-template", "SMS")));
        assertThat(column(app, "last_error", "c-no-template", "EMAIL")).contains("cannot read message template")
                .contains("invitation-email.txt").doesNotContain("network error");
        assertThat(column(app, "last_error", "c-no-template", "SMS")).contains("cannot read message template")
                .contains("invitation-sms.txt").doesNotContain("network error").doesNotContain("may have reached");
        assertThat(providers.mail.getReceivedMessages()).isEmpty();
        assertThat(providers.smsRequests()).isEmpty();

        Files.writeString(email, goodEmail);
        Files.writeString(sms, goodSms);
        HttpResponse<String> answer = replay("?status=failed_permanent", "Bearer " + TOKEN);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("replayed").asInt()).isEqualTo(2);
        await().atMost(WAIT).until(() -> "sent".equals(status(app, "c-no-template", "EMAIL"))
                && "sent".equals(status(app, "c-no-template", "SMS")));
        assertThat(providers.mail.getReceivedMessages()).hasSize(1);
        assertThat(providers.smsRequests()).hasSize(1);
        assertThat(providers.invitationRequests()).hasSize(1);
    }

    @Test
    void anIdThatIsNotAFailedSendIsNotFoundAndBadFiltersNameTheirParameter() throws Exception {
        providers.acceptEverything();
        Map<String, String> settings = providers.settings(home);
        settings.put("admin.token", TOKEN);
        app = RunningApp.start(home, settings);
        newCandidate(app, "c-sent");
        await().atMost(WAIT).until(() -> "sent".equals(status(app, "c-sent", "SMS")));
        String sentId = column(app, "id", "c-sent", "ASSESSMENT");

        HttpResponse<String> unknown = replay("?id=999999", "Bearer " + TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("no dispatch row with id 999999");
        HttpResponse<String> sent = replay("?id=" + sentId, "Bearer " + TOKEN);
        assertThat(sent.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(sent.body()).path("error").asText()).contains("dispatch " + sentId + " is sent");
        assertThat(status(app, "c-sent", "ASSESSMENT")).isEqualTo("sent");

        Map<String, String> badQueries = Map.of(
                "?status=sent", "status must be one or more of dead, failed_permanent, review",
                "?channel=fax", "channel must be one or more of assessment, email, sms",
                "?since=yesterday", "since must be an ISO-8601 instant",
                "?until=2026-13-01T00:00:00Z", "until must be an ISO-8601 instant",
                "?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", "must be before until",
                "?dryRun=maybe", "dryRun must be true or false",
                "?stauts=review", "unknown parameter 'stauts'",
                "?reason=a&reason=b", "reason given twice");
        for (Map.Entry<String, String> bad : badQueries.entrySet()) {
            HttpResponse<String> answer = replay(bad.getKey(), "Bearer " + TOKEN);
            assertThat(answer.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).path("error").asText()).as(bad.getKey()).contains(bad.getValue());
        }
    }

    private JsonNode dryRun(String query) throws Exception {
        HttpResponse<String> answer = replay(query, "Bearer " + TOKEN);
        assertThat(answer.statusCode()).as(query).isEqualTo(200);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.path("dryRun").asBoolean()).as(query).isTrue();
        return json;
    }

    private static long count(RunningApp app, String channel, String status) {
        return app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE channel = ? AND status = ?", channel, status);
    }

    @Test
    void nonNumericIdIsABadRequest() throws Exception {
        Map<String, String> settings = providers.settings(home);
        settings.put("admin.token", TOKEN);
        app = RunningApp.start(home, settings);
        HttpResponse<String> answer = replay("?id=abc", "Bearer " + TOKEN);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("id must be");
    }
}
