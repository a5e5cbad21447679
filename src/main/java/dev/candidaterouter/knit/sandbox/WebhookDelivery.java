package dev.candidaterouter.knit.sandbox;

import dev.candidaterouter.knit.KnitSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one event to the webhook the way Knit does: signed body, Knit's headers, and only an HTTP 200 counts as
 * consumed. Anything else — another status, a refused connection, a timeout — is retried with the configured
 * exponential backoff until the attempts run out; then the event is logged and recorded as a failure.
 *
 * <p>When asked to drop the connection, the first attempt is sent over a raw socket that is closed as soon as the
 * receiver starts answering: the receiver has processed the event, but the sandbox never sees the status, so it
 * retries — the case that makes receivers deduplicate by {@code eventId}.
 */
final class WebhookDelivery {
    static final String INTEGRATION_HEADER = "X-Knit-Integration-Id";
    static final String EXECUTION_HEADER = "X-Knit-Execution-Id";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);

    private final URI webhookUrl;
    private final KnitSignature signature;
    private final RetryPolicy retryPolicy;
    private final Duration timeout;
    private final DeliveryStats stats;
    private final CountDownLatch stopping;
    private final HttpClient client;

    WebhookDelivery(URI webhookUrl, KnitSignature signature, RetryPolicy retryPolicy, Duration timeout,
                    DeliveryStats stats, CountDownLatch stopping) {
        this.webhookUrl = webhookUrl;
        this.signature = signature;
        this.retryPolicy = retryPolicy;
        this.timeout = timeout;
        this.stats = stats;
        this.stopping = stopping;
        // HTTP/1.1 only: the JDK's default h2c upgrade attempt is not something Knit does.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /**
     * Delivers with retries.
     *
     * @param dropFirstAttempt send the first attempt and drop the connection before reading the answer
     * @return true once the webhook answered 200; false when the sandbox gave up or is stopping
     */
    boolean deliver(PreparedEvent event, boolean dropFirstAttempt) throws InterruptedException {
        String signed = signature.sign(event.body());
        String lastProblem = "not attempted";
        int attempt = 0;
        while (attempt < retryPolicy.maxAttempts()) {
            if (stopping.getCount() == 0) {
                lastProblem = "sandbox stopped";
                break;
            }
            attempt++;
            String executionId = UUID.randomUUID().toString();
            stats.recordAttempt(event.eventId());
            boolean drop = dropFirstAttempt && attempt == 1;
            lastProblem = drop ? sendAndDropConnection(event, signed, executionId) : send(event, signed, executionId);
            if (lastProblem == null) {
                stats.recordSuccess(event.eventId());
                LOG.debug("event {} ({}) consumed on attempt {}", event.eventId(), event.eventType(), attempt);
                return true;
            }
            LOG.info("event {} ({}) attempt {}/{} not consumed: {} [execution {}]", event.eventId(),
                    event.eventType(), attempt, retryPolicy.maxAttempts(), lastProblem, executionId);
            if (attempt < retryPolicy.maxAttempts()
                    && stopping.await(retryPolicy.backoffAfter(attempt).toMillis(), TimeUnit.MILLISECONDS)) {
                lastProblem = "sandbox stopped";
                break;
            }
        }
        LOG.warn("giving up on event {} ({}) of run {} after {} attempts: {}", event.eventId(), event.eventType(),
                event.syncRunId(), attempt, lastProblem);
        stats.recordFailure(new DeliveryFailure(event.eventId(), event.eventType(), event.syncRunId(), attempt,
                lastProblem));
        return false;
    }

    /** @return null when consumed (HTTP 200), else what went wrong */
    private String send(PreparedEvent event, String signed, String executionId) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(webhookUrl)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(KnitSignature.HEADER, signed)
                .header(INTEGRATION_HEADER, event.integrationId())
                .header(EXECUTION_HEADER, executionId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body()))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? null : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** Always "fails": the receiver gets the whole request, the sandbox hangs up before reading the status. */
    private String sendAndDropConnection(PreparedEvent event, String signed, String executionId) {
        boolean https = "https".equalsIgnoreCase(webhookUrl.getScheme());
        int port = webhookUrl.getPort() != -1 ? webhookUrl.getPort() : (https ? 443 : 80);
        String path = (webhookUrl.getRawPath() == null || webhookUrl.getRawPath().isEmpty() ? "/" : webhookUrl.getRawPath())
                + (webhookUrl.getRawQuery() == null ? "" : "?" + webhookUrl.getRawQuery());
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + webhookUrl.getHost() + ":" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + event.body().length + "\r\n"
                + KnitSignature.HEADER + ": " + signed + "\r\n"
                + INTEGRATION_HEADER + ": " + event.integrationId() + "\r\n"
                + EXECUTION_HEADER + ": " + executionId + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket socket = https ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(webhookUrl.getHost(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(event.body());
            out.flush();
            // Wait for the first byte of the answer: the receiver has now handled the event for sure.
            InputStream in = socket.getInputStream();
            in.read();
            return "connection dropped after the webhook received the event (fault mode)";
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }
}
