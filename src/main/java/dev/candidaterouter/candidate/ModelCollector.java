package dev.candidaterouter.candidate;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Gathers the {@link ParsedModel} bodies of a split event back into one {@link KnitModels} body, for the
 * pipeline's {@code split} EIP. Parts arrive in split order; the first call has no previous exchange.
 */
public class ModelCollector implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        KnitModels sofar = oldExchange == null ? KnitModels.empty() : oldExchange.getMessage().getBody(KnitModels.class);
        if (sofar == null) {
            sofar = KnitModels.empty();
        }
        ParsedModel part = newExchange.getMessage().getBody(ParsedModel.class);
        result.getMessage().setBody(part == null ? sofar : sofar.with(part));
        // Our own strategy decides what survives aggregation, so a failed part must carry its failure on.
        if (newExchange.getException() != null && result != newExchange) {
            result.setException(newExchange.getException());
        }
        return result;
    }
}
