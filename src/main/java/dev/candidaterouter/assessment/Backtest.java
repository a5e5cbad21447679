package dev.candidaterouter.assessment;

import dev.candidaterouter.camel.drools.DroolsConstants;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import dev.candidaterouter.candidate.CandidateProfile;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs two rule sets — the live one and a changed one — over the same candidates and tallies where their decisions
 * differ ({@link BacktestReport}). Nothing is stored or sent: the rules run in a Camel context of their own, through
 * two {@code drools:} endpoints that compile each folder once and never reload; closing the backtest drops both.
 * Not thread-safe: one backtest, one thread.
 */
public final class Backtest implements AutoCloseable {
    /** The header of the facts beside the profile, as in the pipeline's choose-assessment. */
    private static final String FACTS_HEADER = "CandidateRouterFacts";

    private final TwoRuleSets rules;
    private final BacktestReport.Tally tally;

    /**
     * Compiles both rule sets at once, so a broken one is reported before any candidate is read.
     *
     * @param liveRules    where the live rules are, as RULES_DIR spells it (folder, file: or classpath:)
     * @param changedRules the rules to try, spelled the same way
     * @throws RuleCompilationException when either set does not compile
     */
    public Backtest(String liveRules, String changedRules, int sampleSize) {
        rules = new TwoRuleSets(liveRules, changedRules,
                "resultType=" + AssessmentDecision.class.getName() + "&factsHeader=" + FACTS_HEADER);
        tally = new BacktestReport.Tally(sampleSize);
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
        tally.add(profile, outcome("live", rules.live(fill(profile, facts)), profile),
                outcome("changed", rules.changed(fill(profile, facts)), profile));
    }

    /** What the candidates added so far show. */
    public BacktestReport report() {
        return tally.report(rules.liveVersion(), rules.changedVersion());
    }

    private static Processor fill(CandidateProfile profile, List<Object> facts) {
        return ex -> {
            ex.getMessage().setBody(profile);
            ex.getMessage().setHeader(FACTS_HEADER, facts);
        };
    }

    private static BacktestReport.Outcome outcome(String ruleSet, Exchange answer, CandidateProfile profile) {
        if (answer.getException() != null) {
            throw new IllegalStateException("the " + ruleSet + " rules failed for candidate "
                    + profile.getCandidateId() + ": " + answer.getException().getMessage(), answer.getException());
        }
        AssessmentDecision decision = answer.getMessage().getBody(AssessmentDecision.class);
        @SuppressWarnings("unchecked")
        List<String> fired = answer.getMessage().getHeader(DroolsConstants.FIRED_RULES, List.class);
        return BacktestReport.Outcome.of(decision, fired == null ? List.of() : fired);
    }

    @Override
    public void close() {
        rules.close();
    }
}
