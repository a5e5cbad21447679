package dev.candidaterouter.knit;

import dev.candidaterouter.masking.LogSafeText;
import dev.candidaterouter.store.Transactions;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brackets an inbox event's processing as one unit of work and writes its end back to the event's row. Routes
 * keep the {@link InboxEvent} in the exchange property {@value #EVENT}; a stage that decides to skip an event sets
 * {@value #IGNORED_REASON}.
 *
 * <p>{@link #begin} opens a transaction on the processing thread; what the stages write (candidate state,
 * decision, planned sends) commits together with the row's final state in {@link #finished}, or is rolled back
 * by {@link #quarantined}/{@link #failed} before they record why. So a crash or a failure half-way never leaves a
 * decision without its sends, and an event costs one commit instead of one per statement.
 */
public class InboxOutcome {
    /** Exchange property holding the {@link InboxEvent} being processed. */
    public static final String EVENT = "inboxEvent";
    /** Exchange property a stage sets when the event is deliberately not acted upon, with the reason. */
    public static final String IGNORED_REASON = "ignoredReason";

    private static final Logger LOG = LoggerFactory.getLogger(InboxOutcome.class);
    private final InboxRepository inbox;
    private final DataSource dataSource;

    public InboxOutcome(InboxRepository inbox, DataSource dataSource) {
        this.inbox = inbox;
        this.dataSource = dataSource;
    }

    /** Opens the event's unit of work on this thread. */
    public void begin() {
        Transactions.begin(dataSource);
    }

    /** Records the row's final state and commits the unit of work. */
    public void finished(Exchange exchange) {
        InboxEvent event = event(exchange);
        String ignored = exchange.getProperty(IGNORED_REASON, String.class);
        if (ignored != null) {
            inbox.finish(event.seq(), InboxRepository.IGNORED, ignored);
        } else {
            inbox.finish(event.seq(), InboxRepository.PROCESSED, null);
        }
        Transactions.commit(dataSource);
        if (ignored != null) {
            // The event type is the sender's text too.
            LOG.info("event {} ({}) ignored: {}", event.eventId(), LogSafeText.mask(event.eventType()), LogSafeText.mask(ignored));
        }
    }

    /** The event can never be processed: undo what its processing wrote, keep it with the reason, do not retry. */
    public void quarantined(Exchange exchange) {
        Transactions.rollback(dataSource);
        InboxEvent event = event(exchange);
        String reason = reason(exchange);
        inbox.finish(event.seq(), InboxRepository.QUARANTINED, reason);
        // Reasons can quote what could not be read, an address or a number among it: masked in the log; the row
        // keeps the reason as it is, and the admin API masks it unless revealed.
        LOG.warn("event {} quarantined: {}", event.eventId(), LogSafeText.mask(reason));
    }

    /** Processing failed, perhaps for a passing reason: undo what it wrote; back to the inbox, or failed after the last attempt. */
    public void failed(Exchange exchange) {
        Transactions.rollback(dataSource);
        InboxEvent event = event(exchange);
        String reason = reason(exchange);
        inbox.fail(event.seq(), event.attempts(), reason);
        LOG.warn("event {} failed (attempt {}): {}", event.eventId(), event.attempts(), LogSafeText.mask(reason));
    }

    private static InboxEvent event(Exchange exchange) {
        return exchange.getProperty(EVENT, InboxEvent.class);
    }

    private static String reason(Exchange exchange) {
        Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
