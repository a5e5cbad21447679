package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.assessment.RuleBacktests;
import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.writeback.ResultBacktestReport;
import dev.candidaterouter.writeback.ResultBacktests;
import dev.candidaterouter.writeback.ResultDecisions;
import dev.candidaterouter.writeback.RuleSetBacktests;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * POST /rules/backtest for both rule sets (routes/rules-evaluate.yaml): the routing rules' backtest
 * (AssessmentConfiguration) and the result rules' — pasted result rules against the result rules this process serves
 * (the files of RULES_RESULTS_DIR until they are loaded), over the stored results. Registered after the stages
 * whose beans it uses.
 */
public class BacktestConfiguration implements CamelConfiguration {

    @BindToRegistry("ruleSetBacktests")
    public RuleSetBacktests ruleSetBacktests(DataSource dataSource, Clock clock, RuleBacktests ruleBacktests,
            ResultDecisions resultDecisions, @PropertyInject("rules.results-dir") String resultsDir, ObjectMapper jsonMapper,
            CamelContext context) {
        ResultBacktests results = new ResultBacktests(dataSource, resultDecisions, resultsDir, clock, () -> {
            RuleBook serving = context.getComponent("drools", DroolsComponent.class).getRuleSets()
                    .get(ResultBacktestReport.RULESET);
            return serving == null ? null : serving.current().sources();
        });
        return new RuleSetBacktests(ruleBacktests, results, jsonMapper);
    }
}
