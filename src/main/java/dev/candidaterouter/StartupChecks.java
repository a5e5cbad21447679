package dev.candidaterouter;

import dev.candidaterouter.config.ConfigurationException;
import dev.candidaterouter.http.HttpServerLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
        checkTwilioWebhook(settings);
        settings.oneOf("knit.sync-type", "initial_sync", "delta_sync");
        try {
            dev.candidaterouter.knit.KnitDataType.parseList(settings.text("knit.data-types", "ats_candidates"));
        } catch (dev.candidaterouter.knit.KnitConfigurationException e) {
            throw new ConfigurationException(e.getMessage());
        }
        settings.positive("rules.evaluate-max-body-bytes", 1024 * 1024);
        checkTokens(settings);
        return settings;
    }

    /** Shortest bearer token accepted: 16 characters, e.g. {@code openssl rand -hex 16} gives 32. */
    static final int MIN_TOKEN_LENGTH = 16;

    /**
     * Our own bearer tokens guard personal data and policy: one short enough to guess is refused. (A short value
     * could not be masked in logs either: blanking every occurrence of a 3-letter word would garble them.)
     */
    private static void checkTokens(Settings settings) {
        for (String key : List.of("admin.token", "rules.token", "console.token")) {
            int length = settings.optional(key).map(String::length).orElse(0);
            if (length > 0 && length < MIN_TOKEN_LENGTH) {
                throw new ConfigurationException(settings.name(key) + " must be at least " + MIN_TOKEN_LENGTH
                        + " characters long, was " + length + " (e.g. openssl rand -hex 16)");
            }
        }
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

    /**
     * The URL the Twilio webhook's signature is checked against: the absolute URL Twilio calls. A relative or
     * misspelt one would make every inbound message fail the check, and a URL without the token could not check any.
     */
    private static void checkTwilioWebhook(Settings settings) {
        Optional<String> url = settings.optional("twilio.webhook-url");
        if (url.isEmpty()) {
            return;
        }
        URI uri;
        try {
            uri = new URI(url.get());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getFragment() != null
                || !List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
            throw new ConfigurationException("TWILIO_WEBHOOK_URL (setting twilio.webhook-url) must be the absolute http(s) URL"
                    + " Twilio calls, e.g. https://router.example.com/webhooks/twilio, was '" + url.get() + "'");
        }
        if (settings.optional("twilio.auth-token").isEmpty()) {
            throw new ConfigurationException("TWILIO_WEBHOOK_URL is set but TWILIO_AUTH_TOKEN is not: Twilio's signature"
                    + " cannot be checked without it");
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
        // Calls per second: 0 would stop a channel for good, and the throttle reads it as a count of calls.
        for (String rate : List.of("assessment.api-rate", "email.rate", "sms.rate")) {
            if (settings.positive(rate, 1) > Integer.MAX_VALUE) {
                throw new ConfigurationException(settings.name(rate) + " is too large, was " + settings.number(rate, 1));
            }
        }
        settings.duration("invitation.reminder-after", Duration.ofDays(3));
        settings.duration("invitation.expires-after", Duration.ofDays(7));
        checkResults(settings);
        if ("live".equals(mode)) {
            settings.required("assessment.api-url", "ASSESSMENT_API_URL");
            settings.required("twilio.account-sid", "TWILIO_ACCOUNT_SID");
            settings.required("twilio.auth-token", "TWILIO_AUTH_TOKEN");
        }
    }

    /** Assessment results in: the polling and matching times, and the simulated platform's share and delay. */
    private static void checkResults(Settings settings) {
        // Each must be an ISO-8601 duration above zero.
        for (String key : List.of("result.poll-interval", "result.poll-after-expiry", "result.match-window", "result.simulated-delay")) {
            settings.duration(key, Duration.ofMinutes(15));
        }
        String share = settings.text("result.simulated-share", "0.7");
        double value;
        try {
            value = Double.parseDouble(share);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0 && value <= 1)) {
            throw new ConfigurationException(settings.name("result.simulated-share") + " must be a number from 0 to 1, was '" + share + "'");
        }
        settings.positive("result.webhook-max-body-bytes", 65536);
    }
}
