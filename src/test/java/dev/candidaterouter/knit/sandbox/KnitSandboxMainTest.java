package dev.candidaterouter.knit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnitSandboxMainTest {
    @TempDir
    Path samples;

    @Test
    void flagsBecomeSettings() {
        KnitSandbox.Settings settings = KnitSandboxMain.parse(new String[] {
                "--port", "0", "--api-key", "k1", "--integration-id", "acme", "--integration-id", "globex",
                "--webhook", "http://localhost:9999/webhooks/knit", "--samples", samples.toString(),
                "--duplicates", "--shuffle", "--seed", "3", "--drop-connection",
                "--max-attempts", "4", "--initial-backoff-ms", "50", "--concurrency", "8"});

        assertThat(settings.port()).isZero();
        assertThat(settings.apiKey()).isEqualTo("k1");
        assertThat(settings.integrations()).containsOnlyKeys("acme", "globex").containsValue(samples);
        assertThat(settings.webhookUrl()).hasToString("http://localhost:9999/webhooks/knit");
        assertThat(settings.duplicateDeliveries()).isTrue();
        assertThat(settings.shuffle()).isTrue();
        assertThat(settings.shuffleSeed()).isEqualTo(3);
        assertThat(settings.dropConnectionAfterSend()).isTrue();
        assertThat(settings.retryPolicy().maxAttempts()).isEqualTo(4);
        assertThat(settings.retryPolicy().initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.deliveryConcurrency()).isEqualTo(8);
    }

    @Test
    void withoutFlagsTheDefaultIntegrationAndPortAreUsed() {
        KnitSandbox.Settings settings = KnitSandboxMain.parse(new String[] {"--samples", samples.toString()});

        assertThat(settings.port()).isEqualTo(8090);
        assertThat(settings.integrations()).containsOnlyKeys("sandbox-integration");
        assertThat(settings.duplicateDeliveries()).isFalse();
        assertThat(settings.deliveryConcurrency()).isEqualTo(1);
    }

    @Test
    void unknownFlagIsAUsageError() {
        assertThatThrownBy(() -> KnitSandboxMain.parse(new String[] {"--samples", samples.toString(), "--turbo"}))
                .isInstanceOf(KnitSandboxMain.UsageException.class)
                .hasMessageContaining("--turbo");
    }

    @Test
    void flagWithoutValueIsAUsageError() {
        assertThatThrownBy(() -> KnitSandboxMain.parse(new String[] {"--port"}))
                .isInstanceOf(KnitSandboxMain.UsageException.class)
                .hasMessageContaining("--port needs a value");
    }

    @Test
    void missingSamplesFolderIsAUsageError() {
        assertThatThrownBy(() -> KnitSandboxMain.parse(new String[] {"--samples", samples.resolve("nope").toString()}))
                .isInstanceOf(KnitSandboxMain.UsageException.class)
                .hasMessageContaining("samples folder not found");
    }

    @Test
    void instructionsShowAWorkingCurlCommand() {
        KnitSandbox.Settings settings = KnitSandboxMain.parse(new String[] {
                "--port", "0", "--api-key", "k1", "--integration-id", "acme", "--samples", samples.toString()});
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (KnitSandbox sandbox = new KnitSandbox(settings).start()) {
            KnitSandboxMain.printInstructions(sandbox, new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains(sandbox.baseUrl())
                    .contains("curl -i -X POST " + sandbox.baseUrl() + "/v1.0/sync.start")
                    .contains("Authorization: Bearer k1")
                    .contains("X-Knit-Integration-Id: acme")
                    .contains("\"dataType\":\"ats_candidates\"");
        }
    }
}
