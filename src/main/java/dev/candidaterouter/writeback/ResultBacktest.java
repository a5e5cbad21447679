package dev.candidaterouter.writeback;

import dev.candidaterouter.assessment.TwoRuleSets;
import dev.candidaterouter.camel.drools.DroolsConstants;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Runs two result rule sets — the live one and a changed one — over the same stored results and tallies where the
 * writes they ask for differ ({@link ResultBacktestReport}). As the routing rules' backtest does: the rules run in a
 * Camel context of their own, through two {@code drools:} endpoints that compile each folder once and never reload,
 * so nothing is planned, stored or sent ({@link TwoRuleSets}). Not thread-safe: one backtest, one thread.
 */
final class ResultBacktest implements AutoCloseable {
    private final TwoRuleSets rules;
    private final ResultBacktestReport.Tally tally;

    /**
     * Compiles both rule sets at once, so a broken one is reported before any result is read.
     *
     * @throws RuleCompilationException when either set does not compile
     */
    ResultBacktest(String liveRules, String changedRules, int sampleSize) {
        // As routes/result-actions.yaml asks the result rules.
        rules = new TwoRuleSets(liveRules, changedRules, "resultMode=list&resultType=" + AtsAction.class.getName());
        tally = new ResultBacktestReport.Tally(sampleSize);
    }

    /** Decides one stored result with both rule sets and counts the two decisions. */
    void add(String integrationId, AssessmentResult result) {
        tally.add(integrationId, result, outcome("live", rules.live(ex -> ex.getMessage().setBody(result)), result),
                outcome("changed", rules.changed(ex -> ex.getMessage().setBody(result)), result));
    }

    /** A result whose facts cannot be built (its invitation is gone): counted, not decided. */
    void skip() {
        tally.skip();
    }

    ResultBacktestReport report() {
        return tally.report(rules.liveVersion(), rules.changedVersion());
    }

    private static ResultBacktestReport.Outcome outcome(String ruleSet, Exchange answer, AssessmentResult result) {
        if (answer.getException() != null) {
            throw new IllegalStateException("the " + ruleSet + " result rules failed for result " + result.getResultId()
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

    @Override
    public void close() {
        rules.close();
    }
}
