package dev.candidaterouter.knit;

import dev.candidaterouter.masking.LogSafeText;
import java.util.List;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes how an inbox event's processing ended back to its row, and logs it.
 *
 * <p>{@link #finished} runs as the last step of the event's transaction (the route declares it), so the row's
 * final state commits together with what the stages wrote. {@link #quarantined} and {@link #failed} run after that
 * transaction was rolled back, and record the reason on their own.
 */
public class InboxOutcome {
    private static final Logger LOG = LoggerFactory.getLogger(InboxOutcome.class);
    private final InboxRepository inbox;

    public InboxOutcome(InboxRepository inbox) {
        this.inbox = inbox;
    }

    /**
     * The event was processed, or deliberately not acted upon.
     *
     * @param ignoredReason why nothing was done with it, or null when it was processed
     */
    public void finished(InboxEvent event, String ignoredReason) {
        if (ignoredReason != null) {
            inbox.finish(event.seq(), InboxRepository.IGNORED, ignoredReason);
            // The event type is the sender's text too.
            LOG.info("event {} ({}) ignored: {}", event.eventId(), LogSafeText.mask(event.eventType()), LogSafeText.mask(ignoredReason));
        } else {
            inbox.finish(event.seq(), InboxRepository.PROCESSED, null);
        }
    }

    /** The event can never be processed: keep it with the reason, do not retry. */
    public void quarantined(InboxEvent event, Throwable failure) {
        String reason = reason(failure);
        inbox.finish(event.seq(), InboxRepository.QUARANTINED, reason);
        // Reasons can quote what could not be read, an address or a number among it: masked in the log; the row
        // keeps the reason as it is, and the admin API masks it unless revealed.
        LOG.warn("event {} quarantined: {}", event.eventId(), LogSafeText.mask(reason));
    }

    /** Processing failed, perhaps for a passing reason: back to the inbox, or failed after the last attempt. */
    public void failed(InboxEvent event, Throwable failure) {
        String reason = reason(failure);
        inbox.fail(event.seq(), event.attempts(), reason);
        LOG.warn("event {} failed (attempt {}): {}", event.eventId(), event.attempts(), LogSafeText.mask(reason));
    }

    /**
     * A chunk's transaction did not commit (the database refused or went away): none of its events' work or outcomes
     * stayed. Each goes back to the inbox for another try, if the database takes the write; otherwise it stays claimed
     * and is taken again once its claim expires.
     */
    public void chunkNotCommitted(List<PreparedEvent> chunk, Throwable failure) {
        String reason = "its chunk's transaction did not commit: " + reason(failure);
        LOG.warn("a chunk of {} inbox events did not commit: {}", chunk.size(), LogSafeText.mask(reason(failure)));
        for (PreparedEvent prepared : chunk) {
            if (prepared == null) {
                continue; // failed before the transaction: its outcome is written already
            }
            try {
                failed(prepared.inboxEvent(), new IllegalStateException(reason));
            } catch (RuntimeException stillDown) {
                LOG.warn("event {} stays claimed until its claim expires: {}", prepared.inboxEvent().eventId(),
                        LogSafeText.mask(stillDown.getMessage()));
                return; // the database is down: the others would fail the same way
            }
        }
    }

    private static String reason(Throwable failure) {
        // A checked exception leaves a transacted route wrapped (Camel's transaction error handler rethrows it to
        // Spring as a runtime exception): the reason names what failed, not the wrapper.
        Throwable t = failure instanceof RuntimeCamelException && failure.getCause() != null ? failure.getCause() : failure;
        return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
