package dev.candidaterouter.writeback;

import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.DroolsConstants;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs two result rule sets — the live one and a changed one — over the same stored results and tallies where the
 * writes they ask for differ ({@link ResultBacktestReport}). As the routing rules' backtest does: the rules run in a
 * Camel context of their own, through two {@code drools:} endpoints that compile each folder once and never reload,
 * so nothing is planned, stored or sent. Not thread-safe: one backtest, one thread.
 */
final class ResultBacktest implements AutoCloseable {
    private static final String LIVE = "live";
    private static final String CHANGED = "changed";

    private final CamelContext camel = new DefaultCamelContext();
    private final ProducerTemplate producer;
    private final Endpoint live;
    private final Endpoint changed;
    private final ResultBacktestReport.Tally tally;

    /**
     * Compiles both rule sets at once, so a broken one is reported before any result is read.
     *
     * @throws RuleCompilationException when either set does not compile
     */
    ResultBacktest(String liveRules, String changedRules, int sampleSize) {
        camel.start();
        try {
            live = camel.getEndpoint(uri(LIVE, liveRules));
            changed = camel.getEndpoint(uri(CHANGED, changedRules));
        } catch (RuntimeException e) {
            camel.stop();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RuleCompilationException rules) {
                    throw rules;
                }
            }
            throw e;
        }
        producer = camel.createProducerTemplate();
        tally = new ResultBacktestReport.Tally(sampleSize);
    }

    private static String uri(String name, String rules) {
        // As routes/result-actions.yaml asks the result rules; RAW(): a folder may hold characters a URI would mangle.
        return "drools:" + name + "?reload=false&resultMode=list&resultType=" + AtsAction.class.getName()
                + "&rulesDir=RAW(" + rules + ")";
    }

    /** Decides one stored result with both rule sets and counts the two decisions. */
    void add(String integrationId, AssessmentResult result) {
        tally.add(integrationId, result, decide(live, result), decide(changed, result));
    }

    /** A result whose facts cannot be built (its invitation is gone): counted, not decided. */
    void skip() {
        tally.skip();
    }

    ResultBacktestReport report() {
        return tally.report(version(LIVE), version(CHANGED));
    }

    private ResultBacktestReport.Outcome decide(Endpoint rules, AssessmentResult result) {
        Exchange answer = producer.send(rules, ex -> ex.getMessage().setBody(result));
        if (answer.getException() != null) {
            throw new IllegalStateException("rules " + rules.getEndpointKey() + " failed for result " + result.getResultId()
                    + ": " + answer.getException().getMessage(), answer.getException());
        }
        List<AtsAction> actions = new ArrayList<>();
        List<?> body = answer.getMessage().getBody(List.class);
        if (body != null) {
            body.forEach(a -> actions.add((AtsAction) a));
        }
        @SuppressWarnings("unchecked")
        List<String> fired = answer.getMessage().getHeader(DroolsConstants.FIRED_RULES, List.class);
        return new ResultBacktestReport.Outcome(List.copyOf(actions), fired == null ? List.of() : List.copyOf(fired));
    }

    private String version(String ruleSet) {
        return camel.getComponent("drools", DroolsComponent.class).getRuleSets().get(ruleSet).status().version();
    }

    @Override
    public void close() {
        camel.stop();
    }
}
