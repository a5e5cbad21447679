package dev.candidaterouter;

import dev.candidaterouter.config.ConfigurationException;
import dev.candidaterouter.knit.sandbox.KnitSandbox;
import dev.candidaterouter.logging.SecretValues;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Knit we talk to. {@code live}: Knit itself, which needs an API key and integration id(s).
 * {@code sandbox} (the default without an API key): the embedded simulator, started here on a free port and
 * posting signed sample events to our own webhook — the same HTTP conversation as live — signed with
 * KNIT_SANDBOX_API_KEY or a key generated at each start. It is refused together with live dispatch unless
 * KNIT_SANDBOX_ALLOW_LIVE_DISPATCH=true says this is a staging setup.
 * <p>
 * The sync route calls {@code {{bean:knitConnection.baseUrl}}}: in sandbox mode that address exists only once the
 * sandbox has started (on a port the system picks unless KNIT_SANDBOX_PORT is set), so no property default can
 * hold it.
 */
public record KnitConnection(String mode, String baseUrl, String apiKey, List<String> integrationIds) {
    private static final Logger LOG = LoggerFactory.getLogger(KnitConnection.class);
    public static final String SANDBOX_INTEGRATION_ID = "sandbox-integration";

    /** KNIT_MODE, or sandbox when no KNIT_API_KEY is set. */
    static String mode(Settings settings) {
        return settings.text("knit.mode", settings.text("knit.api-key", "").isEmpty() ? "sandbox" : "live");
    }

    /** The Knit settings that can be wrong, checked before anything is built (StartupChecks). */
    static void check(Settings settings) {
        String mode = mode(settings);
        if ("live".equals(mode)) {
            String apiKey = settings.text("knit.api-key", "");
            List<String> integrationIds = settings.list("knit.integration-id");
            if (apiKey.isEmpty() || integrationIds.isEmpty()) {
                throw new ConfigurationException("KNIT_MODE=live needs " + (apiKey.isEmpty() ? "KNIT_API_KEY" : "")
                        + (apiKey.isEmpty() && integrationIds.isEmpty() ? " and " : "")
                        + (integrationIds.isEmpty() ? "KNIT_INTEGRATION_ID" : "")
                        + " (or unset KNIT_API_KEY to run against the embedded sandbox)");
            }
            return;
        }
        if (!"sandbox".equals(mode)) {
            throw new ConfigurationException("KNIT_MODE must be live or sandbox, was '" + mode + "'");
        }
        // The sandbox's events would make live dispatch send real invitations, emails and SMS to whatever
        // addresses they carry: only a deliberate staging setup may combine the two.
        if ("live".equals(settings.text("dispatch.mode", "outbox")) && !settings.flag("knit.sandbox.allow-live-dispatch", false)) {
            throw new ConfigurationException("DISPATCH_MODE=live with the embedded Knit sandbox (KNIT_API_KEY unset or "
                    + "KNIT_MODE=sandbox): set KNIT_API_KEY and KNIT_INTEGRATION_ID to use Knit, or "
                    + "KNIT_SANDBOX_ALLOW_LIVE_DISPATCH=true for a staging setup that may send for real");
        }
    }

    /** Knit itself, or the embedded sandbox, started here (and stopped with the context); settings already checked. */
    static KnitConnection resolve(Settings settings, CamelContext context) throws Exception {
        String mode = mode(settings);
        List<String> integrationIds = settings.list("knit.integration-id");
        if ("live".equals(mode)) {
            return new KnitConnection(mode, settings.text("knit.base-url", "https://api.getknit.dev"),
                    settings.text("knit.api-key", ""), integrationIds);
        }
        if (integrationIds.isEmpty()) {
            integrationIds = List.of(SANDBOX_INTEGRATION_ID);
        }
        String key = settings.optional("knit.sandbox.api-key").orElseGet(KnitConnection::generatedKey);
        Path samples = Path.of(settings.text("knit.sandbox.samples-dir", "samples/knit"));
        String webhook = "http://127.0.0.1:" + settings.required("server.port", "SERVER_PORT") + "/webhooks/knit";
        KnitSandbox.Settings.Builder sandboxSettings = KnitSandbox.Settings.builder()
                .apiKey(key)
                .webhookUrl(webhook)
                .duplicateDeliveries(settings.flag("knit.sandbox.duplicates", false))
                .shuffle(settings.flag("knit.sandbox.shuffle", false))
                .deliveryConcurrency(settings.integer("knit.sandbox.delivery-concurrency", 1))
                .port(settings.integer("knit.sandbox.port", 0));
        // Every simulated customer gets the same sample candidates; their rows stay apart by integration id.
        integrationIds.forEach(id -> sandboxSettings.integration(id, samples));
        KnitSandbox sandbox = new KnitSandbox(sandboxSettings.build());
        sandbox.start();
        context.addService(new Closer("knit sandbox", sandbox));
        LOG.info("knit sandbox mode: simulator at {} delivers samples from {} to {}", sandbox.baseUrl(), samples, webhook);
        return new KnitConnection(mode, sandbox.baseUrl(), key, integrationIds);
    }

    /**
     * A signing key of this start only: a published default key would let anyone who reaches the webhook post
     * events the process accepts. Set KNIT_SANDBOX_API_KEY to sign test requests by hand.
     */
    private static String generatedKey() {
        String key = KnitSandbox.randomApiKey();
        SecretValues.remember(key);
        return key;
    }

    @Override
    public String toString() {
        return "KnitConnection[" + mode + " " + baseUrl + " " + integrationIds + "]"; // never the key
    }
}
