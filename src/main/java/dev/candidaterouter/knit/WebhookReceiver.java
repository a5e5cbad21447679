package dev.candidaterouter.knit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.store.DurableCommits;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one webhook request from Knit: checks size, content type and signature over the exact bytes received,
 * then that the integration is one we serve, then stores it in the inbox (once per Knit eventId). Nothing is parsed beyond the envelope keys here: processing reads the inbox later,
 * so the answer only depends on the row being committed.
 */
public class WebhookReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    static final String INTEGRATION_HEADER = "X-Knit-Integration-Id";
    static final String EXECUTION_HEADER = "X-Knit-Execution-Id";
    static final String NOT_JSON = "Content-Type must be application/json (or application/...+json)";

    private final KnitSignature signature;
    private final InboxRepository inbox;
    private final Set<String> integrationIds;
    private final long maxBodyBytes;
    private final RouterMetrics metrics;
    private final DurableCommits durableCommits;

    public WebhookReceiver(KnitSignature signature, InboxRepository inbox, Set<String> integrationIds, long maxBodyBytes,
            RouterMetrics metrics, DurableCommits durableCommits) {
        this.durableCommits = durableCommits;
        this.signature = signature;
        this.inbox = inbox;
        this.integrationIds = Set.copyOf(integrationIds);
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    /**
     * Verifies and stores the request; returns the JSON answer (200). Throws for requests that must not be stored.
     *
     * @param body           the bytes as received: the signature covers exactly these
     * @param contentType    the request's Content-Type
     * @param signatureValue the request's {@value KnitSignature#HEADER}
     * @param integrationId  the request's {@value #INTEGRATION_HEADER}, not covered by the signature
     * @param executionId    the request's {@value #EXECUTION_HEADER}, for the log only
     */
    public String receive(@Body byte[] body, @Header("Content-Type") String contentType,
            @Header(KnitSignature.HEADER) String signatureValue, @Header(INTEGRATION_HEADER) String integrationId,
            @Header(EXECUTION_HEADER) String executionId) {
        if (body == null) {
            body = new byte[0];
        }
        if (body.length > maxBodyBytes) {
            metrics.webhookEvent(null, "too_large");
            throw new RejectedWebhookException(413, "body of " + body.length + " bytes exceeds the limit of " + maxBodyBytes);
        }
        if (!JsonMediaType.matches(contentType)) {
            metrics.webhookEvent(null, "not_json");
            throw new RejectedWebhookException(415, NOT_JSON,
                    "Content-Type " + LogText.clip(contentType));
        }
        if (!signature.matches(body, signatureValue)) {
            metrics.webhookEvent(null, "bad_signature");
            throw new InvalidSignatureException(signatureValue == null
                    ? "missing " + KnitSignature.HEADER + " header" : KnitSignature.HEADER + " does not match the body");
        }
        String integration = integrationOf(integrationId);
        EnvelopeKeys keys = EnvelopeKeys.peek(body);
        boolean stored = inbox.store(integration, keys, body);
        // On disk before Knit hears 200: it will not deliver this event again.
        durableCommits.flush();
        String outcome = !stored ? "duplicate" : keys.isValid() ? "stored" : "quarantined";
        metrics.webhookEvent(keys.eventType(), outcome);
        String execution = executionId == null ? "-" : executionId;
        if (!stored) {
            LOG.info("webhook duplicate event={} type={} execution={}: acknowledged, not processed again",
                    keys.eventId(), keys.eventType(), execution);
        } else if (keys.isValid()) {
            LOG.debug("webhook stored event={} type={} record={} execution={}", keys.eventId(), keys.eventType(),
                    keys.recordId(), execution);
        } else {
            // The problem may quote the body (a parser's "Unrecognized token 'jane@...'"): masked.
            LOG.warn("webhook quarantined event={} execution={}: {}", keys.eventId(), execution,
                    dev.candidaterouter.masking.LogSafeText.mask(keys.problem()));
        }
        return "{\"eventId\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(keys.eventId()))
                + "\",\"status\":\"" + outcome + "\"}"; // eventId is the sender's text: quoted
    }

    /**
     * The configured integration the request names. The header is not covered by the signature, so it cannot make
     * an event new (the inbox is unique per eventId); a value we do not serve is refused before anything is stored,
     * and so is a missing header when several integrations are configured. Knit retries refused events for days:
     * an integration added to the configuration in that time still gets its events.
     */
    private String integrationOf(String id) {
        if ((id == null || id.isBlank()) && integrationIds.size() == 1) {
            // Knit always sends it; a single-customer setup can do without.
            return integrationIds.iterator().next();
        }
        if (id != null && integrationIds.contains(id)) {
            return id;
        }
        metrics.webhookEvent(null, "unknown_integration");
        boolean missing = id == null || id.isBlank();
        // The answer does not repeat the value (it is the sender's text); the log shows it, clipped.
        throw new RejectedWebhookException(403, missing
                ? INTEGRATION_HEADER + " is missing; several integrations are configured"
                : INTEGRATION_HEADER + " is not a configured integration",
                "unknown integration " + LogText.clip(id) + ", configured: " + integrationIds);
    }
}
