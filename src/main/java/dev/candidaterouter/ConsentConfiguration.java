package dev.candidaterouter;

import dev.candidaterouter.consent.ConsentRepository;
import dev.candidaterouter.consent.TwilioSignature;
import dev.candidaterouter.consent.TwilioWebhook;
import dev.candidaterouter.store.Database;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * SMS consent (routes/twilio-webhook.yaml): the consent table, read by the profile and the SMS route, and the
 * webhook Twilio posts inbound messages to. The webhook's signature key is the Auth Token our sends use.
 */
public class ConsentConfiguration implements CamelConfiguration {

    @BindToRegistry("smsConsent")
    public ConsentRepository smsConsent(DataSource dataSource, Clock clock) {
        return new ConsentRepository(dataSource, clock);
    }

    /** Without TWILIO_WEBHOOK_URL or TWILIO_AUTH_TOKEN the webhook refuses every request as not configured. */
    @BindToRegistry("twilioWebhook")
    public TwilioWebhook twilioWebhook(ConsentRepository consent, Database database,
            @PropertyInject("twilio.auth-token") String authToken, @PropertyInject("twilio.webhook-url") String webhookUrl) {
        boolean configured = authToken != null && !authToken.isBlank() && webhookUrl != null && !webhookUrl.isBlank();
        return new TwilioWebhook(configured ? new TwilioSignature(authToken, webhookUrl.strip()) : null, consent,
                database.durableCommits());
    }
}
