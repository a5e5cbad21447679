package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.knit.InboxChunks;
import dev.candidaterouter.knit.InboxOutcome;
import dev.candidaterouter.knit.InboxRepository;
import dev.candidaterouter.knit.JsonBodyGuard;
import dev.candidaterouter.knit.KnitEventReader;
import dev.candidaterouter.knit.KnitSignature;
import dev.candidaterouter.knit.KnitSyncHealthCheck;
import dev.candidaterouter.knit.KnitDataType;
import dev.candidaterouter.knit.KnitSyncRequests;
import dev.candidaterouter.knit.PreparedEvents;
import dev.candidaterouter.knit.SyncRunRepository;
import dev.candidaterouter.knit.WebhookReceiver;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.SingleWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * Stage 1, Knit (routes/knit-*.yaml): which Knit we talk to, the sync requests, the webhook's receiver and the
 * inbox its events wait in.
 */
public class KnitConfiguration implements CamelConfiguration {
    @PropertyInject("server.port")
    int serverPort;
    @BeanInject
    RouterMetrics metrics;

    /** Knit itself or the embedded sandbox (started here): KNIT_MODE and its related settings. */
    @BindToRegistry("knitConnection")
    public KnitConnection knitConnection(CamelContext context, Settings settings) throws Exception {
        return KnitConnection.resolve(settings, context);
    }

    @BindToRegistry("knitSync")
    public KnitSyncRequests knitSync(ObjectMapper mapper, KnitConnection knit, @PropertyInject("knit.sync-type") String syncType,
            @PropertyInject("knit.honor-scheduler") boolean honorScheduler,
            @PropertyInject("knit.data-types") String dataTypes) {
        return new KnitSyncRequests(mapper, knit.apiKey(), knit.integrationIds(), syncType.strip(), honorScheduler,
                KnitDataType.parseList(dataTypes));
    }

    /** Retries of Knit calls that failed for a passing reason (429, 5xx, timeouts): exponential backoff, bounded. */
    @BindToRegistry("knitRetryPolicy")
    public RedeliveryPolicy knitRetryPolicy(@PropertyInject("knit.retry.max-redeliveries") int maxRedeliveries,
            @PropertyInject("knit.retry.initial-delay-ms") long initialDelayMs,
            @PropertyInject("knit.retry.max-delay-ms") long maxDelayMs) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(maxRedeliveries);
        policy.setRedeliveryDelay(initialDelayMs);
        policy.setMaximumRedeliveryDelay(maxDelayMs);
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setRetryAttemptedLogLevel(LoggingLevel.WARN);
        policy.setLogRetryAttempted(true);
        return policy;
    }

    @BindToRegistry("syncRuns")
    public SyncRunRepository syncRuns(DataSource dataSource, Clock clock) {
        return new SyncRunRepository(dataSource, clock);
    }

    @BindToRegistry("inbox")
    public InboxRepository inbox(DataSource dataSource, Clock clock, @BeanInject("instanceId") String instanceId,
            @PropertyInject("processing.claim-timeout-seconds") long claimTimeoutSeconds,
            @PropertyInject("inbox.max-attempts") int maxAttempts) {
        return new InboxRepository(dataSource, clock, instanceId, Duration.ofSeconds(claimTimeoutSeconds), maxAttempts);
    }

    /** How poll-inbox cuts a claimed batch (candidate-pipeline.yaml): chunks that commit together on SQLite only. */
    @BindToRegistry("inboxChunks")
    public InboxChunks inboxChunks(@PropertyInject("inbox.commit-chunk") int commitChunk,
            @PropertyInject("inbox.workers") int workers, @BeanInject("dataSource") DataSource dataSource) {
        return new InboxChunks(commitChunk, workers, SingleWriter.of(dataSource).isPresent());
    }

    /** Makes each event's {@link PreparedEvent} (prepare-knit-event, candidate-pipeline.yaml). */
    @BindToRegistry("preparedEvents")
    public PreparedEvents preparedEvents() {
        return new PreparedEvents();
    }

    @BindToRegistry("inboxOutcome")
    public InboxOutcome inboxOutcome(InboxRepository inbox) {
        return new InboxOutcome(inbox);
    }

    @BindToRegistry("webhookReceiver")
    public WebhookReceiver webhookReceiver(KnitConnection knit, InboxRepository inbox, RouterMetrics metrics, Database database,
            @PropertyInject("webhook.max-body-bytes") long maxBodyBytes) {
        return new WebhookReceiver(new KnitSignature(knit.apiKey()), inbox, new HashSet<>(knit.integrationIds()), maxBodyBytes,
                metrics, database.durableCommits());
    }

    @BindToRegistry("knitEventReader")
    public KnitEventReader knitEventReader(ObjectMapper mapper) {
        return new KnitEventReader(mapper);
    }

    @BindToRegistry("knitSyncHealth")
    public KnitSyncHealthCheck knitSyncHealth(SyncRunRepository syncRuns, InboxRepository inbox) {
        return new KnitSyncHealthCheck(syncRuns, inbox);
    }

    /** The webhook refuses a body that is not JSON as it arrives (JsonBodyGuard). */
    @Override
    public void configure(CamelContext context) throws Exception {
        context.addStartupListener(new JsonBodyGuard(serverPort, "/webhooks/knit", metrics));
    }
}
