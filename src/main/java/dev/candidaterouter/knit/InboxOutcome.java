package dev.candidaterouter.knit;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the end of an inbox event's processing back to its row. Routes keep the {@link InboxEvent} in the
 * exchange property {@value #EVENT}; a stage that decides to skip an event sets {@value #IGNORED_REASON}.
 */
public class InboxOutcome {
    /** Exchange property holding the {@link InboxEvent} being processed. */
    public static final String EVENT = "inboxEvent";
    /** Exchange property a stage sets when the event is deliberately not acted upon, with the reason. */
    public static final String IGNORED_REASON = "ignoredReason";

    private static final Logger LOG = LoggerFactory.getLogger(InboxOutcome.class);
    private final InboxRepository inbox;

    public InboxOutcome(InboxRepository inbox) {
        this.inbox = inbox;
    }

    public void finished(Exchange exchange) {
        InboxEvent event = event(exchange);
        String ignored = exchange.getProperty(IGNORED_REASON, String.class);
        if (ignored != null) {
            inbox.finish(event.seq(), InboxRepository.IGNORED, ignored);
            LOG.info("event {} ({}) ignored: {}", event.eventId(), event.eventType(), ignored);
        } else {
            inbox.finish(event.seq(), InboxRepository.PROCESSED, null);
        }
    }

    /** The event can never be processed: keep it with the reason, do not retry. */
    public void quarantined(Exchange exchange) {
        InboxEvent event = event(exchange);
        String reason = reason(exchange);
        inbox.finish(event.seq(), InboxRepository.QUARANTINED, reason);
        LOG.warn("event {} quarantined: {}", event.eventId(), reason);
    }

    /** Processing failed, perhaps for a passing reason: back to the inbox, or failed after the last attempt. */
    public void failed(Exchange exchange) {
        InboxEvent event = event(exchange);
        String reason = reason(exchange);
        inbox.fail(event.seq(), event.attempts(), reason);
        LOG.warn("event {} failed (attempt {}): {}", event.eventId(), event.attempts(), reason);
    }

    private static InboxEvent event(Exchange exchange) {
        return exchange.getProperty(EVENT, InboxEvent.class);
    }

    private static String reason(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
