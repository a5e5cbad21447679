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

import dev.candidaterouter.RunningApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /admin/dispatches/replay against the running application: the token check and the replay itself. */
class AdminReplayTest {
    private static final String TOKEN = "admin-secret-1";
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
        assertThat(ok.body()).isEqualTo("{\"replayed\":0}");
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
        assertThat(replay("", "Bearer " + TOKEN).body()).isEqualTo("{\"replayed\":1}");
        await().atMost(WAIT).until(() -> "sent".equals(status(app, "c-dead", "ASSESSMENT")));
        assertThat(providers.invitationRequests()).hasSize(3);
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
