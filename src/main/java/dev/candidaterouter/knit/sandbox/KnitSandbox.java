package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.candidaterouter.knit.KnitSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Knit: serves {@code POST /v1.0/sync.start} with Knit's authentication, headers, envelope and
 * status codes, and pushes each run's events — built from sample files — to a webhook, signed with
 * {@link KnitSignature} and retried with backoff until answered with HTTP 200. The app talks to it in its default
 * (no Knit account) mode, tests use it as "Knit", and {@link KnitSandboxMain} runs it on its own.
 *
 * <p>Each run is delivered on its own thread after {@code sync.start} has answered, one event at a time unless
 * {@link Settings#deliveryConcurrency()} allows more in flight. Fault modes in
 * {@link Settings} reproduce what makes a real Knit receiver hard: duplicate deliveries, reordering, and a dropped
 * connection after the receiver got the event.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} (or close) once; a stopped sandbox is not restarted.
 * <pre>{@code
 * try (KnitSandbox knit = new KnitSandbox(KnitSandbox.Settings.builder()
 *         .apiKey("test-key").integration("acme", samplesDir)
 *         .webhookUrl("http://127.0.0.1:8080/webhooks/knit").build()).start()) {
 *     knit.startInitialSync("acme");
 *     knit.awaitIdle(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class KnitSandbox implements AutoCloseable {
    /**
     * A signing key no one else knows, for a sandbox started without one: a published default key would let anyone
     * who can reach a router that trusts this sandbox sign events for it.
     */
    public static String randomApiKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static final Logger LOG = LoggerFactory.getLogger(KnitSandbox.class);

    private final Settings settings;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SampleRecords samples = new SampleRecords(mapper);
    private final EnvelopeWriter envelopes = new EnvelopeWriter(mapper);
    private final DeliveryStats stats = new DeliveryStats();
    private final ActiveRuns activeRuns = new ActiveRuns();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Map<String, String> syncJobIds = new ConcurrentHashMap<>();
    private final Random shuffleRandom;
    private final WebhookDelivery delivery;
    private final ExecutorService runThreads = Executors.newCachedThreadPool(daemonThreads("knit-sandbox-run-"));
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemonThreads("knit-sandbox-http-"));
    private HttpServer server;
    private AssessmentUpdateEndpoint assessmentUpdates;
    private AtsWritesEndpoint atsWrites;

    public KnitSandbox(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shuffleRandom = new Random(settings.shuffleSeed());
        this.delivery = new WebhookDelivery(settings.webhookUrl(), new KnitSignature(settings.apiKey()),
                settings.retryPolicy(), settings.deliveryTimeout(), stats, stopping);
    }

    /**
     * Binds the HTTP API.
     *
     * @return this, for try-with-resources
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when already started or stopped
     */
    public synchronized KnitSandbox start() {
        if (server != null || stopping.getCount() == 0) {
            throw new IllegalStateException("a sandbox is started once; create a new one to start again");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.bindAddress() + ":" + settings.port(), e);
        }
        server.createContext("/", new SyncStartEndpoint(this, settings.apiKey(), mapper));
        assessmentUpdates = new AssessmentUpdateEndpoint(this, settings.apiKey(), mapper);
        server.createContext(AssessmentUpdateEndpoint.PATH, assessmentUpdates);
        atsWrites = new AtsWritesEndpoint(this, settings.apiKey(), mapper, assessmentUpdates);
        for (String path : List.of(AtsWritesEndpoint.ATTACHMENT_ADD, AtsWritesEndpoint.STAGE_UPDATE,
                AtsWritesEndpoint.PASSTHROUGH, AtsWritesEndpoint.VIEWS)) {
            server.createContext(path, atsWrites);
        }
        server.setExecutor(httpThreads);
        server.start();
        LOG.info("Knit sandbox listening on {}, delivering to {} for integrations {}", baseUrl(),
                settings.webhookUrl(), settings.integrations().keySet());
        return this;
    }

    /** Stops serving and abandons deliveries still in progress (they are recorded as failures). Idempotent. */
    public synchronized void stop() {
        if (stopping.getCount() == 0) {
            return;
        }
        stopping.countDown();
        if (server != null) {
            server.stop(0);
        }
        runThreads.shutdownNow();
        httpThreads.shutdownNow();
        try {
            if (!runThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("some sandbox delivery threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Knit sandbox stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** The port the HTTP API listens on (the real one when configured with port 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("the sandbox is not started");
        }
        return server.getAddress().getPort();
    }

    /** Where clients reach the API, e.g. {@code http://127.0.0.1:8090}; use it as Knit's base URL. */
    public String baseUrl() {
        String host = "0.0.0.0".equals(settings.bindAddress()) ? "127.0.0.1" : settings.bindAddress();
        return "http://" + host + ":" + port();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The ATS order status updates ({@code ats.candidate.assessment.update}) accepted so far, one per idempotency key,
     * as "order id: status" in arrival order.
     */
    public List<String> assessmentUpdates() {
        if (assessmentUpdates == null) {
            return List.of();
        }
        return assessmentUpdates.updates().stream().map(u -> u.orderId() + ": " + u.status()).toList();
    }

    /**
     * The writes into the ATS accepted so far (attachment.add, stage.update, passthrough), one per idempotency key,
     * as "call application-id" in arrival order (GET /sandbox/ats/writes shows them with their bodies).
     */
    public List<String> atsWrites() {
        if (atsWrites == null) {
            return List.of();
        }
        return atsWrites.writes().stream().map(w -> w.call() + " " + w.applicationId()).toList();
    }

    /** Delivery statistics across all runs so far. */
    public DeliveryStats deliveries() {
        return stats;
    }

    /**
     * Waits until every run started so far has finished delivering (each event consumed or given up on).
     *
     * @return true when idle, false when the timeout passed first or the waiting thread was interrupted (its
     *     interrupt flag is then set again)
     */
    public boolean awaitIdle(Duration timeout) {
        try {
            return activeRuns.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An initial sync with every model: one {@code record.new} per sample file. */
    public SyncRunIds startInitialSync(String integrationId) {
        return startSync(integrationId, SyncType.INITIAL_SYNC, Set.of());
    }

    /** A delta sync with every model: the {@code delta/} sample files as modifications and deletions. */
    public SyncRunIds startDeltaSync(String integrationId) {
        return startSync(integrationId, SyncType.DELTA_SYNC, Set.of());
    }

    /**
     * Starts a run exactly as {@code sync.start} does and returns before any event is delivered.
     *
     * @param models candidate model ids to include in {@code eventData}; empty means all
     * @throws UnknownIntegrationException when the integration id is not configured
     * @throws SampleLoadException when a sample file is unreadable or malformed
     * @throws IllegalStateException when the sandbox is not running
     */
    public SyncRunIds startSync(String integrationId, SyncType syncType, Set<String> models) {
        return startSync(integrationId, DataTypeModels.CANDIDATES, syncType, models);
    }

    /**
     * An initial or delta sync of one data type ({@code ats_candidates}, {@code ats_applications},
     * {@code ats_jobs}) with every model, as {@code sync.start} with that {@code dataType} starts it.
     *
     * @throws IllegalArgumentException for a data type the sandbox does not serve
     */
    public SyncRunIds startSync(String integrationId, String dataType, SyncType syncType) {
        return startSync(integrationId, DataTypeModels.fromWireName(dataType).orElseThrow(() ->
                new IllegalArgumentException("unknown dataType '" + dataType + "' (" + DataTypeModels.wireNames() + ")")),
                syncType, Set.of());
    }

    SyncRunIds startSync(String integrationId, DataTypeModels dataType, SyncType syncType, Set<String> models) {
        Path samplesDir = settings.integrations().get(integrationId);
        if (samplesDir == null) {
            throw new UnknownIntegrationException(integrationId);
        }
        Instant startedAt = Instant.now();
        SyncRunIds ids = new SyncRunIds(
                syncJobIds.computeIfAbsent(integrationId, id -> UUID.randomUUID().toString()),
                UUID.randomUUID().toString());
        List<Path> files = new ArrayList<>(samples.files(samplesDir, dataType, syncType));
        // Every file is checked now, so a broken sample fails sync.start with its name; but only the file names are
        // kept: each event is read and signed when its turn comes, so a run of 100,000 candidates stays small.
        files.forEach(file -> samples.read(file, syncType));
        if (settings.shuffle()) {
            // Shuffled here, on the caller's thread, so a given seed and call sequence always give the same order.
            Collections.shuffle(files, shuffleRandom);
        }
        List<Supplier<PreparedEvent>> events = new ArrayList<>(files.size() + 1);
        for (Path file : files) {
            events.add(() -> envelopes.record(ids, integrationId, syncType, dataType, samples.read(file, syncType), models));
        }
        // The closing event stays last: receivers and tests use it as the end-of-run marker.
        PreparedEvent processed = envelopes.processed(ids, integrationId, syncType, dataType, files.size(), startedAt, Instant.now());
        events.add(() -> processed);
        synchronized (this) {
            if (server == null || stopping.getCount() == 0) {
                throw new IllegalStateException("the sandbox is not running");
            }
            activeRuns.begin();
            try {
                runThreads.execute(new SyncRun(ids, events, delivery, settings.duplicateDeliveries(),
                        settings.dropConnectionAfterSend(), activeRuns, settings.deliveryConcurrency()));
            } catch (RuntimeException e) {
                activeRuns.end();
                throw e;
            }
        }
        LOG.info("{} {} run {} for integration {}: {} records", dataType.wireName(), syncType.wireName(), ids.syncRunId(),
                integrationId, files.size());
        return ids;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * How a sandbox behaves. Build with {@link #builder()}.
     *
     * @param apiKey the key clients must present as {@code Authorization: Bearer ...}; also the HMAC key of event
     *     signatures, as with Knit
     * @param integrations accepted {@code X-Knit-Integration-Id} values, each with the folder of sample files its
     *     runs are made of (two ids simulate two customers)
     * @param webhookUrl where events are POSTed (Knit's dashboard-registered webhook)
     * @param port the HTTP port; 0 picks a free one
     * @param bindAddress the interface to listen on; 127.0.0.1 by default, 0.0.0.0 to accept remote callers
     * @param duplicateDeliveries deliver every event twice (same id, same bytes)
     * @param shuffle deliver each run's record events in a random order (seeded by {@code shuffleSeed})
     * @param shuffleSeed the seed for {@code shuffle}, so a reordering can be reproduced
     * @param dropConnectionAfterSend drop the connection on each event's first attempt after the receiver got it,
     *     so every event is retried
     * @param retryPolicy backoff for events not answered with 200
     * @param deliveryTimeout connect and answer timeout of one delivery attempt
     * @param deliveryConcurrency how many of a run's events are in flight at once (see {@link SyncRun})
     */
    public record Settings(String apiKey, Map<String, Path> integrations, URI webhookUrl, int port,
                           String bindAddress, boolean duplicateDeliveries, boolean shuffle, long shuffleSeed,
                           boolean dropConnectionAfterSend, RetryPolicy retryPolicy, Duration deliveryTimeout,
                           int deliveryConcurrency) {

        public Settings {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey is required: clients present it and events are signed with it");
            }
            if (integrations == null || integrations.isEmpty()) {
                throw new IllegalArgumentException("at least one integration id (with its samples folder) is required");
            }
            integrations = Collections.unmodifiableMap(new LinkedHashMap<>(integrations));
            Objects.requireNonNull(webhookUrl, "webhookUrl is required: it is where events are delivered");
            if (!"http".equalsIgnoreCase(webhookUrl.getScheme()) && !"https".equalsIgnoreCase(webhookUrl.getScheme())) {
                throw new IllegalArgumentException("webhookUrl must be http or https, was " + webhookUrl);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(retryPolicy, "retryPolicy");
            Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
            if (deliveryTimeout.isZero() || deliveryTimeout.isNegative()) {
                throw new IllegalArgumentException("deliveryTimeout must be positive");
            }
            if (deliveryConcurrency < 1 || deliveryConcurrency > 64) {
                throw new IllegalArgumentException("deliveryConcurrency must be 1..64, was " + deliveryConcurrency);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /**
         * Collects settings; defaults: port 0, 127.0.0.1, no fault modes, seed 42, {@link RetryPolicy#DEFAULT}, 10 s
         * timeout, one delivery at a time.
         */
        public static final class Builder {
            private String apiKey;
            private final Map<String, Path> integrations = new LinkedHashMap<>();
            private URI webhookUrl;
            private int port;
            private String bindAddress = "127.0.0.1";
            private boolean duplicateDeliveries;
            private boolean shuffle;
            private long shuffleSeed = 42;
            private boolean dropConnectionAfterSend;
            private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
            private Duration deliveryTimeout = Duration.ofSeconds(10);
            private int deliveryConcurrency = 1;

            private Builder() {
            }

            public Builder apiKey(String apiKey) {
                this.apiKey = apiKey;
                return this;
            }

            /** Accepts this integration id; its runs are built from the sample files in {@code samplesDir}. */
            public Builder integration(String integrationId, Path samplesDir) {
                integrations.put(Objects.requireNonNull(integrationId, "integrationId"),
                        Objects.requireNonNull(samplesDir, "samplesDir"));
                return this;
            }

            public Builder webhookUrl(URI webhookUrl) {
                this.webhookUrl = webhookUrl;
                return this;
            }

            public Builder webhookUrl(String webhookUrl) {
                return webhookUrl(URI.create(webhookUrl));
            }

            public Builder port(int port) {
                this.port = port;
                return this;
            }

            public Builder bindAddress(String bindAddress) {
                this.bindAddress = bindAddress;
                return this;
            }

            public Builder duplicateDeliveries(boolean duplicateDeliveries) {
                this.duplicateDeliveries = duplicateDeliveries;
                return this;
            }

            public Builder shuffle(boolean shuffle) {
                this.shuffle = shuffle;
                return this;
            }

            public Builder shuffleSeed(long shuffleSeed) {
                this.shuffleSeed = shuffleSeed;
                return this;
            }

            public Builder dropConnectionAfterSend(boolean dropConnectionAfterSend) {
                this.dropConnectionAfterSend = dropConnectionAfterSend;
                return this;
            }

            public Builder retryPolicy(RetryPolicy retryPolicy) {
                this.retryPolicy = retryPolicy;
                return this;
            }

            public Builder deliveryTimeout(Duration deliveryTimeout) {
                this.deliveryTimeout = deliveryTimeout;
                return this;
            }

            /**
             * How many of a run's events are in flight at once (1..64). Knit does not document its own; 1 keeps a run in
             * order, more lets deliveries overlap and complete out of order (the closing event still comes last).
             */
            public Builder deliveryConcurrency(int deliveryConcurrency) {
                this.deliveryConcurrency = deliveryConcurrency;
                return this;
            }

            public Settings build() {
                return new Settings(apiKey, integrations, webhookUrl, port, bindAddress, duplicateDeliveries,
                        shuffle, shuffleSeed, dropConnectionAfterSend, retryPolicy, deliveryTimeout, deliveryConcurrency);
            }
        }
    }
}
