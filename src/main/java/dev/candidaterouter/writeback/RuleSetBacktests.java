package dev.candidaterouter.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.assessment.BacktestRunning;
import dev.candidaterouter.assessment.RuleBacktests;
import java.util.concurrent.Semaphore;

/**
 * {@code POST /rules/backtest} for either rule set: {@code "ruleset": "assessment-routing"} (the default) backtests
 * the routing rules over the stored candidates, {@code "result-actions"} the result rules over the stored results.
 * One backtest at a time across both ({@link BacktestRunning}, 429): each reads every stored row and runs rules
 * someone pasted.
 */
public class RuleSetBacktests {
    public static final String ROUTING = "assessment-routing";
    public static final String RESULTS = ResultBacktestReport.RULESET;

    private final RuleBacktests routing;
    private final ResultBacktests results;
    private final ObjectMapper mapper;
    private final Semaphore running = new Semaphore(1);

    public RuleSetBacktests(RuleBacktests routing, ResultBacktests results, ObjectMapper mapper) {
        this.routing = routing;
        this.results = results;
        this.mapper = mapper;
    }

    /**
     * @return a {@code BacktestReport} (routing rules) or a {@link ResultBacktestReport}, for the route to answer as JSON
     * @throws IllegalArgumentException naming what is wrong with the request, or the rules' compile errors
     */
    public Object runPasted(byte[] body) {
        if (!running.tryAcquire()) {
            throw new BacktestRunning();
        }
        try {
            JsonNode request = RuleBacktests.pastedRequest(mapper, body);
            JsonNode ruleset = request.path("ruleset");
            String name = ruleset.isMissingNode() || ruleset.isNull() ? ROUTING : ruleset.asText();
            return switch (name) {
                case ROUTING -> routing.runPasted(request);
                case RESULTS -> results.runPasted(request);
                default -> throw new IllegalArgumentException("ruleset must be " + ROUTING + " or " + RESULTS
                        + ", was '" + name + "'");
            };
        } finally {
            running.release();
        }
    }
}
