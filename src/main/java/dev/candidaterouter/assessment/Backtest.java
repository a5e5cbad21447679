package dev.candidaterouter.assessment;

import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.DroolsConstants;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import dev.candidaterouter.candidate.CandidateProfile;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs two rule sets — the live one and a changed one — over the same candidates and tallies where their decisions
 * differ ({@link BacktestReport}). Nothing is stored or sent: the rules run in a Camel context of their own, through
 * two {@code drools:} endpoints that compile each folder once and never reload; closing the backtest drops both.
 * Not thread-safe: one backtest, one thread.
 */
public final class Backtest implements AutoCloseable {
    private static final String LIVE = "live";
    private static final String CHANGED = "changed";

    private final CamelContext camel = new DefaultCamelContext();
    private final ProducerTemplate producer;
    private final Endpoint live;
    private final Endpoint changed;
    private final BacktestReport.Tally tally;

    /**
     * Compiles both rule sets at once, so a broken one is reported before any candidate is read.
     *
     * @param liveRules    where the live rules are, as RULES_DIR spells it (folder, file: or classpath:)
     * @param changedRules the rules to try, spelled the same way
     * @throws RuleCompilationException when either set does not compile
     */
    /** The header of the facts beside the profile, as in the pipeline's choose-assessment. */
    private static final String FACTS_HEADER = "CandidateRouterFacts";

    public Backtest(String liveRules, String changedRules, int sampleSize) {
        camel.start();
        try {
            // An endpoint starts, and so compiles its rules, as the started context resolves it.
            live = camel.getEndpoint(uri(LIVE, liveRules));
            changed = camel.getEndpoint(uri(CHANGED, changedRules));
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
        tally = new BacktestReport.Tally(sampleSize);
    }

    private static String uri(String name, String rules) {
        // RAW(): a folder path may hold characters a URI query would mangle (+, &, spaces).
        return "drools:" + name + "?reload=false&resultType=" + AssessmentDecision.class.getName()
                + "&factsHeader=" + FACTS_HEADER + "&rulesDir=RAW(" + rules + ")";
    }

    /** Decides for one candidate with both rule sets and counts the two decisions. */
    public void add(CandidateProfile profile) {
        add(profile, List.of());
    }

    /**
     * Decides for one candidate, with the facts the pipeline puts beside the profile (the candidate's order from the
     * ATS), with both rule sets and counts the two decisions.
     */
    public void add(CandidateProfile profile, List<Object> facts) {
        tally.add(profile, decide(live, profile, facts), decide(changed, profile, facts));
    }

    /** What the candidates added so far show. */
    public BacktestReport report() {
        return tally.report(version(LIVE), version(CHANGED));
    }

    private BacktestReport.Outcome decide(Endpoint rules, CandidateProfile profile, List<Object> facts) {
        Exchange answer = producer.send(rules, ex -> {
            ex.getMessage().setBody(profile);
            ex.getMessage().setHeader(FACTS_HEADER, facts);
        });
        if (answer.getException() != null) {
            throw new IllegalStateException("rules " + rules.getEndpointKey() + " failed for candidate "
                    + profile.getCandidateId() + ": " + answer.getException().getMessage(), answer.getException());
        }
        AssessmentDecision decision = answer.getMessage().getBody(AssessmentDecision.class);
        @SuppressWarnings("unchecked")
        List<String> fired = answer.getMessage().getHeader(DroolsConstants.FIRED_RULES, List.class);
        return BacktestReport.Outcome.of(decision, fired == null ? List.of() : fired);
    }

    private String version(String ruleSet) {
        return camel.getComponent("drools", DroolsComponent.class).getRuleSets().get(ruleSet).status().version();
    }

    @Override
    public void close() {
        camel.stop();
    }
}
