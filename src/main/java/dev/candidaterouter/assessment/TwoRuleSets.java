package dev.candidaterouter.assessment;

import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The live and the changed rule set of a backtest, side by side in a Camel context of their own: two {@code drools:}
 * endpoints ({@code live}, {@code changed}) that compile their folder once and never reload, so nothing the running
 * process does (its routes, its reloads, its sends) is touched. Closing drops both. Not thread-safe.
 */
public final class TwoRuleSets implements AutoCloseable {
    private static final String LIVE = "live";
    private static final String CHANGED = "changed";

    private final CamelContext camel = new DefaultCamelContext();
    private final ProducerTemplate producer;
    private final Endpoint live;
    private final Endpoint changed;

    /**
     * Compiles both at once, so a broken one is reported before anything is read.
     *
     * @param options the endpoints' options but {@code rulesDir} and {@code reload} (e.g. {@code resultType=...})
     * @throws RuleCompilationException when either set does not compile
     */
    public TwoRuleSets(String liveRules, String changedRules, String options) {
        camel.start();
        try {
            // An endpoint starts, and so compiles its rules, as the started context resolves it.
            live = camel.getEndpoint(uri(LIVE, liveRules, options));
            changed = camel.getEndpoint(uri(CHANGED, changedRules, options));
        } catch (RuntimeException e) {
            camel.stop();
            // Camel wraps the endpoint's failure to start; the compile errors are what the analyst needs.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RuleCompilationException rules) {
                    throw rules;
                }
            }
            throw e;
        }
        producer = camel.createProducerTemplate();
    }

    private static String uri(String name, String rules, String options) {
        // RAW(): a folder path may hold characters a URI query would mangle (+, &, spaces).
        return "drools:" + name + "?reload=false&" + options + "&rulesDir=RAW(" + rules + ")";
    }

    /** The live rules' answer to the exchange {@code fill} prepares. */
    public Exchange live(Processor fill) {
        return producer.send(live, fill);
    }

    /** The changed rules' answer to the exchange {@code fill} prepares. */
    public Exchange changed(Processor fill) {
        return producer.send(changed, fill);
    }

    public String liveVersion() {
        return version(LIVE);
    }

    public String changedVersion() {
        return version(CHANGED);
    }

    private String version(String ruleSet) {
        return camel.getComponent("drools", DroolsComponent.class).getRuleSets().get(ruleSet).status().version();
    }

    @Override
    public void close() {
        camel.stop();
    }
}
