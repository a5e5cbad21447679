package dev.candidaterouter;

import dev.candidaterouter.knit.sandbox.KnitSandbox;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Knit we talk to. {@code live}: Knit itself, which needs an API key and integration id(s).
 * {@code sandbox} (the default without an API key): the embedded simulator, started here on a free port and
 * posting signed sample events to our own webhook — the same HTTP conversation as live.
 */
public record KnitConnection(String mode, String baseUrl, String apiKey, List<String> integrationIds) {
    private static final Logger LOG = LoggerFactory.getLogger(KnitConnection.class);
    /** The sandbox's key: known, so engineers can sign test requests by hand; never used in live mode. */
    public static final String SANDBOX_API_KEY = "sandbox-api-key";
    public static final String SANDBOX_INTEGRATION_ID = "sandbox-integration";

    static KnitConnection resolve(Settings settings, CamelContext context) throws Exception {
        String apiKey = settings.text("knit.api-key", "");
        String mode = settings.text("knit.mode", apiKey.isEmpty() ? "sandbox" : "live");
        List<String> integrationIds = settings.list("knit.integration-id");
        if ("live".equals(mode)) {
            if (apiKey.isEmpty() || integrationIds.isEmpty()) {
                throw new IllegalStateException("KNIT_MODE=live needs " + (apiKey.isEmpty() ? "KNIT_API_KEY" : "")
                        + (apiKey.isEmpty() && integrationIds.isEmpty() ? " and " : "")
                        + (integrationIds.isEmpty() ? "KNIT_INTEGRATION_ID" : "")
                        + " (or unset KNIT_API_KEY to run against the embedded sandbox)");
            }
            String baseUrl = settings.text("knit.base-url", "https://api.getknit.dev");
            context.getPropertiesComponent().addOverrideProperty("knit.effective-base-url", baseUrl);
            return new KnitConnection(mode, baseUrl, apiKey, integrationIds);
        }
        if (!"sandbox".equals(mode)) {
            throw new IllegalStateException("KNIT_MODE must be live or sandbox, was '" + mode + "'");
        }
        if (integrationIds.isEmpty()) {
            integrationIds = List.of(SANDBOX_INTEGRATION_ID);
        }
        String key = apiKey.isEmpty() ? SANDBOX_API_KEY : apiKey;
        Path samples = Path.of(settings.text("knit.sandbox.samples-dir", "samples/knit"));
        String webhook = "http://127.0.0.1:" + settings.required("server.port", "SERVER_PORT") + "/webhooks/knit";
        KnitSandbox.Settings.Builder sandboxSettings = KnitSandbox.Settings.builder()
                .apiKey(key)
                .webhookUrl(webhook)
                .duplicateDeliveries(settings.flag("knit.sandbox.duplicates", false))
                .shuffle(settings.flag("knit.sandbox.shuffle", false))
                .port(settings.integer("knit.sandbox.port", 0));
        // Every simulated customer gets the same sample candidates; their rows stay apart by integration id.
        integrationIds.forEach(id -> sandboxSettings.integration(id, samples));
        KnitSandbox sandbox = new KnitSandbox(sandboxSettings.build());
        sandbox.start();
        context.getRegistry().bind("knitSandbox", sandbox);
        context.addService(new AppConfiguration.Closer("knit sandbox", sandbox));
        context.getPropertiesComponent().addOverrideProperty("knit.effective-base-url", sandbox.baseUrl());
        LOG.info("knit sandbox mode: simulator at {} delivers samples from {} to {}", sandbox.baseUrl(), samples, webhook);
        return new KnitConnection(mode, sandbox.baseUrl(), key, integrationIds);
    }

    @Override
    public String toString() {
        return "KnitConnection[" + mode + " " + baseUrl + " " + integrationIds + "]"; // never the key
    }
}
