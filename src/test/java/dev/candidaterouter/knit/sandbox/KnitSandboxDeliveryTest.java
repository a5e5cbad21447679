package dev.candidaterouter.knit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.knit.KnitSignature;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the sandbox pushes events to the webhook: envelope, signature, run end, retries and fault modes. */
class KnitSandboxDeliveryTest {
    private static final String API_KEY = "test-api-key";
    private static final String INTEGRATION = "acme";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path samples;
    private RecordingWebhook webhook;
    private KnitSandbox sandbox;

    @BeforeEach
    void writeSamples() {
        SampleFiles.candidate(samples, "c-1");
        SampleFiles.candidate(samples, "c-2");
        SampleFiles.candidate(samples, "c-3");
        webhook = new RecordingWebhook();
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        webhook.close();
    }

    @Test
    void initialSyncDeliversOneSignedRecordNewPerSampleThenProcessed() {
        start(settings -> settings);

        SyncRunIds ids = sandbox.startInitialSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        List<RecordingWebhook.Delivery> received = webhook.deliveries();
        assertThat(received).extracting(RecordingWebhook.Delivery::eventType)
                .containsExactly("record.new", "record.new", "record.new", "sync.events.processed");
        assertThat(received.subList(0, 3)).extracting(RecordingWebhook.Delivery::recordId)
                .containsExactly("c-1", "c-2", "c-3");
        KnitSignature signature = new KnitSignature(API_KEY);
        for (RecordingWebhook.Delivery delivery : received) {
            assertThat(signature.matches(delivery.body(), delivery.signature())).isTrue();
            assertThat(delivery.integrationId()).isEqualTo(INTEGRATION);
            assertThat(delivery.executionId()).isNotBlank();
            assertThat(delivery.contentType()).isEqualTo("application/json");
            assertThat(delivery.json().path("syncType").asText()).isEqualTo("initial_sync");
            assertThat(delivery.json().path("syncDataType").asText()).isEqualTo("ats_candidates");
            assertThat(delivery.json().path("syncJobId").asText()).isEqualTo(ids.syncJobId());
            assertThat(delivery.json().path("syncRunId").asText()).isEqualTo(ids.syncRunId());
        }
        assertThat(received).extracting(RecordingWebhook.Delivery::eventId).doesNotHaveDuplicates();
        assertThat(received.get(0).json().path("eventData").path("info").path("id").asText()).isEqualTo("c-1");
    }

    @Test
    void withADeliveryConcurrencyEventsOverlapAndTheClosingEventStillComesLast() {
        SampleFiles.candidate(samples, "c-4");
        SampleFiles.candidate(samples, "c-5");
        SampleFiles.candidate(samples, "c-6");
        // Each answer waits (at most 5 s) until three requests were in flight at once: delivered one at a time, the
        // six records would take 30 s and the run would not be idle in time.
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch threeAtOnce = new CountDownLatch(1);
        webhook.answerWith(delivery -> {
            int now = inFlight.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            if (now == 3) {
                threeAtOnce.countDown();
            }
            try {
                threeAtOnce.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return 200;
        });
        start(settings -> settings.deliveryConcurrency(3));

        sandbox.startInitialSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        assertThat(most.get()).isEqualTo(3);
        List<RecordingWebhook.Delivery> received = webhook.deliveries();
        assertThat(received).hasSize(7);
        assertThat(received.subList(0, 6)).extracting(RecordingWebhook.Delivery::recordId)
                .containsExactlyInAnyOrder("c-1", "c-2", "c-3", "c-4", "c-5", "c-6");
        assertThat(received.get(6).eventType()).isEqualTo("sync.events.processed");
        assertThat(received).extracting(RecordingWebhook.Delivery::eventId).doesNotHaveDuplicates();
    }

    @Test
    void deliveryConcurrencyOutsideOneToSixtyFourIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KnitSandbox.Settings.builder().apiKey(API_KEY)
                        .integration(INTEGRATION, samples).webhookUrl(webhook.url()).deliveryConcurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deliveryConcurrency must be 1..64, was 0");
    }

    @Test
    void runEndsWithProcessedEventCarryingCounts() {
        start(settings -> settings);

        sandbox.startInitialSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        RecordingWebhook.Delivery last = webhook.deliveries().get(webhook.deliveries().size() - 1);
        assertThat(last.eventType()).isEqualTo("sync.events.processed");
        assertThat(last.json().has("recordId")).isFalse();
        var data = last.json().path("eventData");
        assertThat(data.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(data.path("processed").asInt()).isEqualTo(3);
        assertThat(data.path("emitted").asInt()).isEqualTo(3);
        assertThat(data.path("complete").asBoolean()).isTrue();
        assertThat(Long.parseLong(data.path("startedAt").asText()))
                .isLessThanOrEqualTo(Long.parseLong(data.path("processedAt").asText()));
    }

    @Test
    void deltaSyncDeliversModificationsAndDeletions() {
        SampleFiles.change(samples, "01-modified.json", "record.modified", "c-2");
        SampleFiles.change(samples, "02-deleted.json", "record.deleted", "c-3");
        start(settings -> settings);

        sandbox.startDeltaSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        List<RecordingWebhook.Delivery> received = webhook.deliveries();
        assertThat(received).extracting(RecordingWebhook.Delivery::eventType)
                .containsExactly("record.modified", "record.deleted", "sync.events.processed");
        assertThat(received).extracting(RecordingWebhook.Delivery::recordId).containsExactly("c-2", "c-3", null);
        assertThat(received.get(0).json().path("syncType").asText()).isEqualTo("delta_sync");
        assertThat(received.get(0).json().path("eventData").path("info").path("title").asText())
                .isEqualTo("Staff Engineer");
        assertThat(received.get(1).json().path("eventData").path("candidateId").asText()).isEqualTo("c-3");
        assertThat(received.get(2).json().path("eventData").path("processed").asInt()).isEqualTo(2);
    }

    @Test
    void deltaSyncWithoutDeltaSamplesOnlyReportsTheEmptyRun() {
        start(settings -> settings);

        sandbox.startDeltaSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        assertThat(webhook.deliveries()).singleElement().satisfies(only -> {
            assertThat(only.eventType()).isEqualTo("sync.events.processed");
            assertThat(only.json().path("eventData").path("emitted").asInt()).isZero();
        });
    }

    @Test
    void eventAnsweredWithServerErrorIsRetriedWithTheSameIdAndGrowingBackoff() {
        AtomicInteger answers = new AtomicInteger();
        webhook.answerWith(delivery -> answers.incrementAndGet() <= 2 ? 500 : 200);
        start(settings -> settings.retryPolicy(RetryPolicy.quick(5, Duration.ofMillis(60))));

        sandbox.startInitialSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        String firstEventId = webhook.deliveries().get(0).eventId();
        List<RecordingWebhook.Delivery> attempts = webhook.deliveriesOf(firstEventId);
        assertThat(attempts).hasSize(3);
        assertThat(attempts).extracting(RecordingWebhook.Delivery::body)
                .allSatisfy(body -> assertThat(body).isEqualTo(attempts.get(0).body()));
        Duration firstPause = Duration.ofNanos(attempts.get(1).receivedAtNanos() - attempts.get(0).receivedAtNanos());
        Duration secondPause = Duration.ofNanos(attempts.get(2).receivedAtNanos() - attempts.get(1).receivedAtNanos());
        assertThat(firstPause).isGreaterThanOrEqualTo(Duration.ofMillis(60));
        assertThat(secondPause).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        assertThat(sandbox.deliveries().attempts(firstEventId)).isEqualTo(3);
        assertThat(sandbox.deliveries().successes(firstEventId)).isEqualTo(1);
        assertThat(sandbox.deliveries().failures()).isEmpty();
        assertThat(webhook.deliveries()).hasSize(3 + 3);
    }

    @Test
    void eventNeverAnswered200IsGivenUpAfterMaxAttemptsAndRecorded() {
        webhook.answerWith(delivery -> delivery.eventType().equals("record.new")
                && delivery.recordId().equals("c-2") ? 503 : 200);
        start(settings -> settings.retryPolicy(RetryPolicy.quick(3, Duration.ofMillis(5))));

        sandbox.startInitialSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        assertThat(sandbox.deliveries().failures()).singleElement().satisfies(failure -> {
            assertThat(failure.eventType()).isEqualTo("record.new");
            assertThat(failure.attempts()).isEqualTo(3);
            assertThat(failure.lastProblem()).contains("503");
        });
        assertThat(webhook.deliveries()).filteredOn(delivery -> "c-2".equals(delivery.recordId())).hasSize(3);
        // Giving up on one event does not stop the run.
        assertThat(webhook.deliveries()).extracting(RecordingWebhook.Delivery::eventType)
                .endsWith("sync.events.processed");
    }

    @Test
    void unreachableWebhookIsRetriedThenGivenUp() {
        String deadUrl = webhook.url();
        webhook.close();
        start(settings -> settings.webhookUrl(deadUrl).retryPolicy(RetryPolicy.quick(2, Duration.ofMillis(5))));

        sandbox.startDeltaSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        assertThat(sandbox.deliveries().failures()).singleElement()
                .satisfies(failure -> assertThat(failure.attempts()).isEqualTo(2));
    }

    @Test
    void duplicateModeDeliversEveryEventTwice() {
        start(settings -> settings.duplicateDeliveries(true));

        sandbox.startInitialSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        Map<String, Integer> successes = sandbox.deliveries().successesByEventId();
        assertThat(successes).hasSize(4).allSatisfy((eventId, count) -> assertThat(count).isEqualTo(2));
        assertThat(webhook.deliveries()).hasSize(8);
        successes.keySet().forEach(eventId -> assertThat(webhook.deliveriesOf(eventId)).hasSize(2));
    }

    @Test
    void shuffleModeChangesTheOrderButDeliversEveryRecord() {
        SampleFiles.candidate(samples, "c-4");
        SampleFiles.candidate(samples, "c-5");
        SampleFiles.candidate(samples, "c-6");
        start(settings -> settings.shuffle(true).shuffleSeed(7));

        sandbox.startInitialSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        List<String> recordIds = webhook.deliveries().stream()
                .filter(delivery -> delivery.eventType().equals("record.new"))
                .map(RecordingWebhook.Delivery::recordId)
                .toList();
        assertThat(recordIds).containsExactlyInAnyOrder("c-1", "c-2", "c-3", "c-4", "c-5", "c-6")
                .isNotEqualTo(List.of("c-1", "c-2", "c-3", "c-4", "c-5", "c-6"));
        assertThat(webhook.deliveries()).extracting(RecordingWebhook.Delivery::eventType)
                .endsWith("sync.events.processed");
    }

    @Test
    void droppedConnectionModeStillEndsWithEveryEventConsumed() {
        start(settings -> settings.dropConnectionAfterSend(true)
                .retryPolicy(RetryPolicy.quick(4, Duration.ofMillis(10))));

        sandbox.startInitialSync(INTEGRATION);

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        Map<String, Integer> successes = sandbox.deliveries().successesByEventId();
        assertThat(successes).hasSize(4).allSatisfy((eventId, count) -> assertThat(count).isEqualTo(1));
        assertThat(sandbox.deliveries().failures()).isEmpty();
        // The receiver saw each event twice: the dropped attempt it did handle, and the retry.
        successes.keySet().forEach(eventId -> {
            assertThat(webhook.deliveriesOf(eventId)).hasSize(2);
            assertThat(sandbox.deliveries().attempts(eventId)).isEqualTo(2);
        });
        KnitSignature signature = new KnitSignature(API_KEY);
        assertThat(webhook.deliveries())
                .allSatisfy(delivery -> assertThat(signature.matches(delivery.body(), delivery.signature())).isTrue());
    }

    @Test
    void eachIntegrationGetsItsOwnSamplesAndHeader(@TempDir Path otherSamples) {
        SampleFiles.candidate(otherSamples, "z-9");
        start(settings -> settings.integration("globex", otherSamples));

        sandbox.startInitialSync("globex");

        assertThat(sandbox.awaitIdle(WAIT)).isTrue();
        assertThat(webhook.deliveries()).extracting(RecordingWebhook.Delivery::recordId).containsExactly("z-9", null);
        assertThat(webhook.deliveries()).extracting(RecordingWebhook.Delivery::integrationId).containsOnly("globex");
    }

    @Test
    void startingASyncForAnUnknownIntegrationFails() {
        start(settings -> settings);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.startDeltaSync("nobody"))
                .isInstanceOf(UnknownIntegrationException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void brokenSampleFileIsNamedWhenTheSyncStarts() throws Exception {
        java.nio.file.Files.writeString(samples.resolve("c-0.json"), "{\"info\": ");
        start(settings -> settings);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.startInitialSync(INTEGRATION))
                .isInstanceOf(SampleLoadException.class)
                .hasMessageContaining("c-0.json");
    }

    private void start(UnaryOperator<KnitSandbox.Settings.Builder> customise) {
        KnitSandbox.Settings.Builder settings = KnitSandbox.Settings.builder()
                .apiKey(API_KEY)
                .integration(INTEGRATION, samples)
                .webhookUrl(webhook.url())
                .retryPolicy(RetryPolicy.quick(3, Duration.ofMillis(10)))
                .deliveryTimeout(Duration.ofSeconds(5));
        sandbox = new KnitSandbox(customise.apply(settings).build()).start();
    }
}
