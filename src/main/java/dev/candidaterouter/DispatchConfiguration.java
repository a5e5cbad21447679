package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.consent.ConsentRepository;
import dev.candidaterouter.dispatch.ChannelPayloads;
import dev.candidaterouter.dispatch.DispatchOutcome;
import dev.candidaterouter.dispatch.DispatchReplay;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.dispatch.FailureClassifier;
import dev.candidaterouter.dispatch.HackerRankInvitations;
import dev.candidaterouter.dispatch.InvitationEmails;
import dev.candidaterouter.dispatch.InvitationFollowUps;
import dev.candidaterouter.dispatch.MessageTemplates;
import dev.candidaterouter.dispatch.KnitOrderReports;
import dev.candidaterouter.dispatch.ProviderAnswers;
import dev.candidaterouter.dispatch.TwilioRequests;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.mail.MailComponent;

/**
 * The sends (routes/dispatch*.yaml): the dispatch table, the payloads per channel and what a provider's answer
 * means. Configured before the candidate and assessment stages, which plan and cancel sends through the dispatch
 * table.
 */
public class DispatchConfiguration implements CamelConfiguration {
    @PropertyInject("dispatch.mode")
    String mode;
    @PropertyInject("smtp.user")
    String smtpUser;
    @PropertyInject("smtp.password")
    String smtpPassword;

    @BindToRegistry("dispatches")
    public DispatchRepository dispatches(DataSource dataSource, Clock clock, @BeanInject("instanceId") String instanceId,
            @PropertyInject("processing.claim-timeout-seconds") long claimTimeoutSeconds,
            @PropertyInject("sms.retry-unknown") boolean retryUnknownSms,
            @PropertyInject("invitation.reminder-after") String reminderAfter,
            @PropertyInject("invitation.expires-after") String expiresAfter, Database database) {
        // Both durations were checked at start-up (StartupChecks).
        return new DispatchRepository(dataSource, clock, instanceId, Duration.ofSeconds(claimTimeoutSeconds), retryUnknownSms,
                Duration.parse(reminderAfter.strip()), Duration.parse(expiresAfter.strip()), database.durableCommits());
    }

    @BindToRegistry("invitationFollowUps")
    public InvitationFollowUps invitationFollowUps(DataSource dataSource, Clock clock) {
        return new InvitationFollowUps(dataSource, clock);
    }

    /** Lazy: built when the routes first use it, from channelPayloads of this class (bound by then). */
    @BindToRegistry(value = "dispatchOutcome", lazy = true)
    public DispatchOutcome dispatchOutcome(DispatchRepository dispatches, Clock clock, Database database,
            ConsentRepository consent, ChannelPayloads payloads, RouterMetrics metrics,
            @PropertyInject("dispatch.max-attempts") int maxAttempts,
            @PropertyInject("dispatch.initial-backoff-ms") long initialBackoffMs,
            @PropertyInject("dispatch.max-backoff-ms") long maxBackoffMs,
            @PropertyInject("sms.retry-unknown") boolean retryUnknownSms) {
        return new DispatchOutcome(dispatches, clock, maxAttempts, Duration.ofMillis(initialBackoffMs),
                Duration.ofMillis(maxBackoffMs), new FailureClassifier(), retryUnknownSms, database.durableCommits(),
                consent, payloads, metrics);
    }

    @BindToRegistry("dispatchReplay")
    public DispatchReplay dispatchReplay(DispatchRepository dispatches) {
        return new DispatchReplay(dispatches);
    }

    @BindToRegistry("channelPayloads")
    public ChannelPayloads channelPayloads(ObjectMapper mapper, @PropertyInject("mail.from") String mailFrom,
            @PropertyInject("sms.from") String smsFrom, @PropertyInject("templates.dir") String templatesDir) {
        return new ChannelPayloads(mapper, mailFrom, smsFrom, new MessageTemplates(Path.of(templatesDir)));
    }

    /** ASSESSMENT_TEST_MAPPING, or else assessment-tests.properties next to the rules. */
    @BindToRegistry("hackerRankInvitations")
    public HackerRankInvitations hackerRankInvitations(ChannelPayloads payloads, ObjectMapper mapper,
            @PropertyInject("assessment.test-mapping") String testMapping, @PropertyInject("rules.dir") String rulesDir) {
        return new HackerRankInvitations(payloads, mapper,
                Path.of(testMapping.isBlank() ? rulesDir + "/assessment-tests.properties" : testMapping.strip()));
    }

    /** The body of an ATS order's status report to Knit (KNIT_ORDER_* settings). */
    @BindToRegistry("knitOrderReports")
    public KnitOrderReports knitOrderReports(@PropertyInject("knit.order.id-fields") String idFields,
            @PropertyInject("knit.order.invited-status") String invitedStatus,
            @PropertyInject("knit.order.expired-status") String expiredStatus) {
        return new KnitOrderReports(idFields, invitedStatus.strip(), expiredStatus.strip());
    }

    @BindToRegistry("providerAnswers")
    public ProviderAnswers providerAnswers(ObjectMapper mapper, Clock clock) {
        return new ProviderAnswers(mapper, clock);
    }

    @BindToRegistry("twilioRequests")
    public TwilioRequests twilioRequests(@PropertyInject("twilio.account-sid") String accountSid,
            @PropertyInject("twilio.auth-token") String authToken) {
        return new TwilioRequests(accountSid, authToken);
    }

    @BindToRegistry("invitationEmails")
    public InvitationEmails invitationEmails() {
        return new InvitationEmails();
    }

    /**
     * SMTP credentials go on the mail components only when set (an empty user name would still make jakarta.mail try
     * to log in), and so stay out of endpoint URIs.
     */
    @Override
    public void configure(CamelContext context) {
        if (!"live".equals(mode) || smtpUser.isBlank()) {
            return;
        }
        for (String scheme : List.of("smtp", "smtps")) {
            MailComponent mail = context.getComponent(scheme, MailComponent.class);
            mail.getConfiguration().setUsername(smtpUser.strip());
            mail.getConfiguration().setPassword(smtpPassword);
        }
    }
}
