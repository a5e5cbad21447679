package dev.candidaterouter.store;

import java.util.Collection;
import org.apache.camel.Exchange;

/**
 * Tells Camel's greedy {@code scheduler:} consumer whether a poll found work: while it does, the next poll runs
 * at once; when a poll comes back empty, the scheduler waits its delay.
 */
public class GreedyPoll {
    /** The exchange property the scheduler reads after each poll. */
    static final String POLLED_MESSAGES = Exchange.SCHEDULER_POLLED_MESSAGES;

    /** Marks the poll as productive when the body (the claimed rows) is a non-empty collection. */
    public void report(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        exchange.setProperty(POLLED_MESSAGES, body instanceof Collection<?> rows && !rows.isEmpty());
    }
}
