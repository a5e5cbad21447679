package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.knit.KnitSignature;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Knit sandbox is trusted only as far as it must be: it never combines with live dispatch unless a
 * staging setup says so, and it signs with a key of this start, so the formerly published default key is refused.
 */
class SandboxTrustTest {
    /** The key every sandbox used to sign with, printed in the README and the code. */
    private static final String PUBLISHED_KEY = "sandbox-api-key";

    @TempDir
    Path home;

    private Map<String, String> liveDispatch() {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("dispatch.mode", "live");
        settings.put("assessment.api-url", "http://127.0.0.1:9/api");
        settings.put("twilio.account-sid", "AC0000");
        settings.put("twilio.auth-token", "token");
        return settings;
    }

    @Test
    void liveDispatchWithTheSandboxDoesNotStart() {
        assertThatThrownBy(() -> RunningApp.start(home, liveDispatch()).close())
                .hasStackTraceContaining("DISPATCH_MODE=live with the embedded Knit sandbox")
                .hasStackTraceContaining("KNIT_SANDBOX_ALLOW_LIVE_DISPATCH=true");
    }

    @Test
    void aStagingSetupMaySayItWantsLiveDispatchWithTheSandbox() throws Exception {
        Map<String, String> settings = liveDispatch();
        settings.put("knit.sandbox.allow-live-dispatch", "true");
        try (RunningApp app = RunningApp.start(home, settings)) {
            assertThat(app.get("/observe/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutAConfiguredKeyTheSandboxSignsWithAKeyOfThisStartAndThePublishedKeyIsRefused() throws Exception {
        Map<String, String> settings = RunningApp.defaults(home);
        settings.remove("knit.sandbox.api-key");
        settings.put("knit.sync-on-start", "true");
        try (RunningApp app = RunningApp.start(home, settings)) {
            byte[] body = TestEvents.minimal(TestEvents.newId());
            Map<String, String> headers = Map.of(KnitSignature.HEADER, new KnitSignature(PUBLISHED_KEY).sign(body),
                    "Content-Type", "application/json", "X-Knit-Integration-Id", TestEvents.INTEGRATION);
            assertThat(app.post("/webhooks/knit", body, headers).statusCode()).isEqualTo(401);
            // The sandbox's own events, signed with the generated key, are accepted.
            await().atMost(Duration.ofSeconds(60)).until(() -> app.jdbc().count("SELECT COUNT(*) FROM inbox_event") > 0);
        }
    }
}
