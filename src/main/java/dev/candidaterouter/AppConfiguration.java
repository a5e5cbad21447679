package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.assessment.DecisionRecorder;
import dev.candidaterouter.assessment.DecisionRepository;
import dev.candidaterouter.assessment.RuleEvaluations;
import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.RulesHealthCheck;
import dev.candidaterouter.candidate.CandidateLifecycle;
import dev.candidaterouter.candidate.CandidateRepository;
import dev.candidaterouter.candidate.ModelCollector;
import dev.candidaterouter.candidate.ModelReader;
import dev.candidaterouter.candidate.OutboundUrlPolicy;
import dev.candidaterouter.candidate.PersonalDataEraser;
import dev.candidaterouter.candidate.ProfileAssembler;
import dev.candidaterouter.candidate.ResumeLocator;
import dev.candidaterouter.admin.BearerTokenAuth;
import dev.candidaterouter.config.ConfigurationException;
import dev.candidaterouter.http.EarlyBodyLimit;
import dev.candidaterouter.admin.AdminViews;
import dev.candidaterouter.dispatch.ChannelPayloads;
import dev.candidaterouter.dispatch.DispatchOutcome;
import dev.candidaterouter.dispatch.DispatchReplay;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.dispatch.FailureClassifier;
import dev.candidaterouter.dispatch.HackerRankInvitations;
import dev.candidaterouter.dispatch.InvitationEmails;
import dev.candidaterouter.dispatch.MessageTemplates;
import dev.candidaterouter.dispatch.ProviderAnswers;
import dev.candidaterouter.dispatch.TwilioRequests;
import dev.candidaterouter.http.HttpServerLimits;
import dev.candidaterouter.knit.JsonBodyGuard;
import dev.candidaterouter.knit.InboxOutcome;
import dev.candidaterouter.knit.InboxRepository;
import dev.candidaterouter.knit.KnitEventReader;
import dev.candidaterouter.knit.KnitSignature;
import dev.candidaterouter.knit.KnitSyncHealthCheck;
import dev.candidaterouter.knit.KnitSyncRequests;
import dev.candidaterouter.knit.SyncRunRepository;
import dev.candidaterouter.knit.WebhookReceiver;
import dev.candidaterouter.logging.SecretValues;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.DatabaseHealthCheck;
import dev.candidaterouter.store.GreedyPoll;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the process before the YAML routes load: database, repositories and the beans the routes call by
 * name, and — in sandbox mode — the embedded Knit sandbox. The routes decide the flow; this class only builds
 * the parts.
 */
public class AppConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(AppConfiguration.class);
    /** Admin calls take their arguments from the query string: a body is never needed. */
    private static final long ADMIN_MAX_BODY_BYTES = 64 * 1024;

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        settings.checkTypes();
        // Before anything is built: a process started from the wrong folder must not come up healthy and fail each send.
        RequiredPaths.check(settings);
        requireFreePorts(settings);
        Clock clock = Clock.systemUTC();
        String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Registry registry = context.getRegistry();
        registry.bind("instanceId", instanceId);
        registry.bind("greedyPoll", new GreedyPoll());
        configureHttpServers(settings, context);
        // Settings that can be wrong are checked before the database is touched: a typo must not migrate it first.
        KnitConnection knit = KnitConnection.resolve(settings, context);
        registry.bind("knitConnection", knit);
        configureLiveDispatch(settings, context);

        SecretValues.rememberPasswordIn(settings.text("db.url", ""));
        Database database = Database.open(settings.required("db.url", "DB_URL"), settings.text("db.user", ""),
                settings.text("db.password", ""), settings.integer("db.pool-size", 10));
        context.addService(new Closer("database", database));
        registry.bind("database", database);
        registry.bind("dataSource", database.dataSource());
        registry.bind("jsonMapper", mapper);

        // One registry for Camel's metrics (camel.metrics.*) and ours: one /observe/metrics for everything.
        MeterRegistry meters = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meters);
        }
        RouterMetrics metrics = new RouterMetrics(meters, database.dataSource(),
                Arrays.stream(Channel.values()).map(Channel::name).toList());

        Duration claimTimeout = Duration.ofSeconds(settings.number("processing.claim-timeout-seconds", 300));
        InboxRepository inbox = new InboxRepository(database.dataSource(), clock, instanceId, claimTimeout,
                settings.integer("inbox.max-attempts", 5));
        registry.bind("inbox", inbox);
        registry.bind("inboxOutcome", new InboxOutcome(inbox, database.dataSource()));
        registry.bind("webhookReceiver", new WebhookReceiver(new KnitSignature(knit.apiKey()), inbox,
                new HashSet<>(knit.integrationIds()), settings.number("webhook.max-body-bytes", 25L * 1024 * 1024), metrics,
                database.durableCommits()));
        int serverPort = settings.integer("server.port", 8080);
        context.addStartupListener(new JsonBodyGuard(serverPort, "/webhooks/knit", metrics));
        // Calls that need small bodies, if any, refuse big ones as they arrive, not after the webhook's 25 MB were read.
        context.addStartupListener(new EarlyBodyLimit(serverPort, "/rules/evaluate",
                settings.positive("rules.evaluate-max-body-bytes", 1024 * 1024)));
        context.addStartupListener(new EarlyBodyLimit(serverPort, "/admin/*", ADMIN_MAX_BODY_BYTES));
        registry.bind("knitEventReader", new KnitEventReader(mapper));
        registry.bind("knitSync", new KnitSyncRequests(mapper, knit.apiKey(), knit.integrationIds(),
                settings.oneOf("knit.sync-type", "initial_sync", "delta_sync"), settings.flag("knit.honor-scheduler", false)));
        SyncRunRepository syncRuns = new SyncRunRepository(database.dataSource(), clock);
        registry.bind("syncRuns", syncRuns);
        registry.bind("knitRetryPolicy", retryPolicy(settings));

        DispatchRepository dispatches = new DispatchRepository(database.dataSource(), clock, instanceId, claimTimeout,
                settings.flag("sms.retry-unknown", false));
        registry.bind("dispatches", dispatches);
        ResumeLocator attachments = new ResumeLocator(OutboundUrlPolicy.fromList(settings.text("attachments.hosts", "")),
                Path.of(settings.text("attachments.dir", "data/attachments")),
                settings.number("attachments.max-bytes", ResumeLocator.DEFAULT_MAX_BYTES));
        int retentionDays = settings.integer("retention.days", 0);
        PersonalDataEraser eraser = new PersonalDataEraser(database.dataSource(), attachments, clock,
                retentionDays > 0 ? Duration.ofDays(retentionDays) : null);
        registry.bind("personalData", eraser);
        registry.bind("candidateLifecycle", new CandidateLifecycle(new CandidateRepository(database.dataSource(), clock),
                dispatches, mapper, eraser, settings.flag("erase-on-delete", false)));
        registry.bind("decisions", new DecisionRecorder(new DecisionRepository(database.dataSource(), clock), dispatches, mapper,
                metrics, clock));
        ChannelPayloads payloads = new ChannelPayloads(mapper, settings.text("mail.from", "assessments@candidate-router.local"),
                settings.text("sms.from", "+15005550006"), new MessageTemplates(Path.of(settings.text("templates.dir", "templates"))));
        registry.bind("channelPayloads", payloads);
        registry.bind("dispatchOutcome", new DispatchOutcome(dispatches, clock, settings.integer("dispatch.max-attempts", 8),
                Duration.ofMillis(settings.number("dispatch.initial-backoff-ms", 1000)),
                Duration.ofMillis(settings.number("dispatch.max-backoff-ms", 300_000)), new FailureClassifier(),
                settings.flag("sms.retry-unknown", false), database.durableCommits()));
        registry.bind("providerAnswers", new ProviderAnswers(mapper, clock));
        registry.bind("hackerRankInvitations", new HackerRankInvitations(payloads, mapper, Path.of(settings.optional("assessment.test-mapping")
                .orElse(settings.text("rules.dir", "rules") + "/assessment-tests.properties"))));
        registry.bind("twilioRequests", new TwilioRequests(settings.text("twilio.account-sid", ""), settings.text("twilio.auth-token", "")));
        registry.bind("invitationEmails", new InvitationEmails());
        registry.bind("dispatchReplay", new DispatchReplay(dispatches));
        String adminToken = settings.text("admin.token", "");
        registry.bind("adminAuth", new BearerTokenAuth(List.of(adminToken), "admin API disabled: set ADMIN_TOKEN",
                "missing or wrong admin token"));

        registry.bind("modelReader", new ModelReader());
        registry.bind("modelCollector", new ModelCollector());
        ProfileAssembler assembler = new ProfileAssembler(clock, attachments);
        registry.bind("profileAssembler", assembler);
        // Evaluations check inline resumes like the pipeline but never write them: the request is anyone's.
        ProfileAssembler evaluationAssembler = new ProfileAssembler(clock, ResumeLocator.withoutStoring(
                OutboundUrlPolicy.fromList(settings.text("attachments.hosts", "")),
                settings.number("attachments.max-bytes", ResumeLocator.DEFAULT_MAX_BYTES)));
        registry.bind("ruleEvaluations", new RuleEvaluations(mapper, evaluationAssembler));
        registry.bind("evaluationAuth", new BearerTokenAuth(List.of(settings.text("rules.token", ""), adminToken),
                "rule evaluation disabled: set RULES_TOKEN (or ADMIN_TOKEN)",
                "missing or wrong token: send Authorization: Bearer <RULES_TOKEN>"));
        DroolsComponent drools = new DroolsComponent();
        context.addComponent("drools", drools);
        drools.addRuleSetListener(metrics::ruleSet);
        registry.bind("adminViews", new AdminViews(database.dataSource(), mapper, drools));
        registry.bind("rulesHealth", new RulesHealthCheck(drools));
        registry.bind("databaseHealth", new DatabaseHealthCheck(database));
        registry.bind("knitSyncHealth", new KnitSyncHealthCheck(syncRuns, inbox));
        LOG.info("candidate-router configured: knit={} ({} integration(s)), dispatch={}, rules={}", knit.mode(),
                knit.integrationIds().size(), settings.text("dispatch.mode", "outbox"), settings.text("rules.dir", "rules"));
    }

    /**
     * The HTTP servers' limits: Camel's platform-http servers (webhook port and management port) use the Vert.x
     * instance bound here, whose servers close idle connections and slow clients ({@link HttpServerLimits}).
     * Closed once the context has stopped: the servers, stopped among the context's services, still need it then.
     */
    private static void configureHttpServers(Settings settings, CamelContext context) {
        // On one port Camel would serve the management endpoints next to the webhook, beside our status-only health.
        if (settings.integer("management.port", 9876) == settings.integer("server.port", 8080)) {
            throw new ConfigurationException("MANAGEMENT_PORT must differ from SERVER_PORT (both "
                    + settings.integer("server.port", 8080) + "): health details, info and metrics stay off the public port");
        }
        HttpServerLimits limits;
        try {
            limits = new HttpServerLimits(Duration.ofSeconds(settings.number("http.idle-timeout-seconds", 60)),
                    Duration.ofSeconds(settings.number("http.request-read-timeout-seconds", 30)),
                    settings.number("http.min-request-bytes-per-second", 10240));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        Vertx vertx = Vertx.vertx();
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                vertx.close();
            }
        });
        context.getRegistry().bind("vertx", limits.applyTo(vertx));
    }

    /**
     * SERVER_PORT and MANAGEMENT_PORT must be numbers and free: Camel's HTTP server starts on its default port after
     * a typo, and fails to bind in the background (the process would run on, deaf) when the port is taken.
     */
    private static void requireFreePorts(Settings settings) {
        requireFreePort(settings, "server.port", 8080, null);
        requireFreePort(settings, "management.port", 9876, settings.text("management.host", "127.0.0.1"));
    }

    /** @param host the address the server will bind, null for all of them */
    private static void requireFreePort(Settings settings, String key, int fallback, String host) {
        int port = settings.integer(key, fallback);
        if (port < 0 || port > 65535) {
            throw new ConfigurationException(settings.name(key) + " must be a port number, was " + port);
        }
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(host == null ? new java.net.InetSocketAddress(port) : new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            // Taken, or (for MANAGEMENT_HOST) an address this machine does not have: either way the server would
            // fail to bind in the background and leave a process that answers nothing.
            throw new ConfigurationException(settings.name(key) + ": cannot listen on " + (host == null ? "" : host + ":")
                    + "port " + port + " (" + (e.getMessage() == null ? "already in use" : e.getMessage()) + ")");
        }
    }

    /** Retries of Knit calls that failed for a passing reason (429, 5xx, timeouts): exponential backoff, bounded. */
    private static RedeliveryPolicy retryPolicy(Settings settings) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(settings.integer("knit.retry.max-redeliveries", 5));
        policy.setRedeliveryDelay(settings.number("knit.retry.initial-delay-ms", 2000));
        policy.setMaximumRedeliveryDelay(settings.number("knit.retry.max-delay-ms", 60_000));
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogRetryAttempted(true);
        return policy;
    }

    /**
     * Live mode needs its providers: fail at start-up naming the missing variable rather than at the first send.
     * SMTP credentials go on the mail components only when set (an empty user name would still make jakarta.mail
     * try to log in), and so stay out of endpoint URIs.
     */
    private static void configureLiveDispatch(Settings settings, CamelContext context) {
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
        if (!"live".equals(mode)) {
            return;
        }
        settings.required("assessment.api-url", "ASSESSMENT_API_URL");
        settings.required("twilio.account-sid", "TWILIO_ACCOUNT_SID");
        settings.required("twilio.auth-token", "TWILIO_AUTH_TOKEN");
        Optional<String> user = settings.optional("smtp.user");
        if (user.isPresent()) {
            for (String scheme : List.of("smtp", "smtps")) {
                MailComponent mail = context.getComponent(scheme, MailComponent.class);
                mail.getConfiguration().setUsername(user.get());
                mail.getConfiguration().setPassword(settings.text("smtp.password", ""));
            }
        }
    }

    /** Closes a resource when the Camel context stops, after the routes stopped using it. */
    static final class Closer extends ServiceSupport {
        private final String name;
        private final AutoCloseable resource;

        Closer(String name, AutoCloseable resource) {
            this.name = name;
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            LOG.debug("closing {}", name);
            resource.close();
        }
    }
}
