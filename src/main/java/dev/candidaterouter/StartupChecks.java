package dev.candidaterouter;

import dev.candidaterouter.config.ConfigurationException;
import dev.candidaterouter.http.HttpServerLimits;
import java.time.Duration;
import java.util.List;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The first configuration class ({@link Application#newMain()} registers them in order): every setting that can be wrong is checked here, before any bean is built — a typo must not migrate the database
 * first, and a process started from the wrong folder must not come up healthy and fail each send. Each problem is
 * one {@link ConfigurationException} naming the environment variable; the later classes then read settings whose
 * types are known to be right with {@code @PropertyInject}.
 */
public class StartupChecks implements CamelConfiguration {

    /** The checked settings; the Knit configuration reads its several related settings through them. */
    @BindToRegistry("settings")
    public Settings checkedSettings(CamelContext context) {
        Settings settings = new Settings(context);
        settings.checkTypes();
        RequiredPaths.check(settings);
        Ports.requireFree(settings);
        checkHttpLimits(settings);
        KnitConnection.check(settings);
        checkDispatch(settings);
        settings.oneOf("knit.sync-type", "initial_sync", "delta_sync");
        try {
            dev.candidaterouter.knit.KnitDataType.parseList(settings.text("knit.data-types", "ats_candidates"));
        } catch (dev.candidaterouter.knit.KnitConfigurationException e) {
            throw new ConfigurationException(e.getMessage());
        }
        settings.positive("rules.evaluate-max-body-bytes", 1024 * 1024);
        return settings;
    }

    private static void checkHttpLimits(Settings settings) {
        try {
            new HttpServerLimits(Duration.ofSeconds(settings.number("http.idle-timeout-seconds", 60)),
                    Duration.ofSeconds(settings.number("http.request-read-timeout-seconds", 30)),
                    settings.number("http.min-request-bytes-per-second", 10240));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** Live mode needs its providers: fail at start-up naming the missing variable rather than at the first send. */
    private static void checkDispatch(Settings settings) {
        String mode = settings.text("dispatch.mode", "outbox");
        // The routes send for real on anything but "outbox": a misspelt mode must not reach them.
        if (!List.of("outbox", "live").contains(mode)) {
            throw new ConfigurationException("DISPATCH_MODE must be outbox or live, was '" + mode + "'");
        }
        String flavor = settings.text("assessment.api-flavor", "generic");
        if (!List.of("generic", "hackerrank").contains(flavor)) {
            throw new ConfigurationException("ASSESSMENT_API_FLAVOR must be generic or hackerrank, was '" + flavor + "'");
        }
        settings.oneOf("smtp.protocol", "smtp", "smtps"); // the scheme of the mail endpoint's URI
        if ("live".equals(mode)) {
            settings.required("assessment.api-url", "ASSESSMENT_API_URL");
            settings.required("twilio.account-sid", "TWILIO_ACCOUNT_SID");
            settings.required("twilio.auth-token", "TWILIO_AUTH_TOKEN");
        }
    }
}
