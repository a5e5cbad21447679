package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.admin.BearerTokenAuth;
import dev.candidaterouter.assessment.DecideAhead;
import dev.candidaterouter.assessment.DecisionRecorder;
import dev.candidaterouter.assessment.DecisionRepository;
import dev.candidaterouter.assessment.ShadowComparison;
import dev.candidaterouter.assessment.ShadowDecisions;
import dev.candidaterouter.assessment.RuleBacktests;
import dev.candidaterouter.assessment.RuleEvaluations;
import dev.candidaterouter.assessment.RuleHistory;
import dev.candidaterouter.assessment.RuleSetHealthCheck;
import dev.candidaterouter.assessment.SendPlanner;
import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.candidate.AssessmentOrderRepository;
import dev.candidaterouter.candidate.CandidateRepository;
import dev.candidaterouter.candidate.OutboundUrlPolicy;
import dev.candidaterouter.candidate.ProfileAssembler;
import dev.candidaterouter.candidate.ResumeLocator;
import dev.candidaterouter.metrics.RouterMetrics;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Stage 3, the decision (routes/candidate-pipeline.yaml, routes/rules-evaluate.yaml): the rules ({@code drools:}
 * component, RULES_DIR), the recorded decisions that plan the sends, and the analysts' rule evaluation.
 */
public class AssessmentConfiguration implements CamelConfiguration {
    /** The routing rules' rule set: the name of their endpoint, {@code drools:assessment-routing} (candidate-pipeline.yaml). */
    private static final String ROUTING_RULES = "assessment-routing";
    /** Shadow decisions waiting for the shadow's thread, at most (each holds an exchange with a profile: a few KB). */
    static final int SHADOW_QUEUE = 10_000;

    @BeanInject
    RouterMetrics metrics;

    @BindToRegistry("decisions")
    public DecisionRecorder decisions(DataSource dataSource, Clock clock, SendPlanner dispatches,
            dev.candidaterouter.candidate.PendingSends pendingSends, RouterMetrics metrics) {
        return new DecisionRecorder(new DecisionRepository(dataSource, clock), dispatches, pendingSends, metrics, clock);
    }

    /** The shadow rules' decisions (RULES_SHADOW_DIR): stored for comparison, never dispatched. */
    @BindToRegistry("decideAhead")
    public DecideAhead decideAhead(ObjectMapper mapper) {
        return new DecideAhead(mapper);
    }

    @BindToRegistry("shadowDecisions")
    public ShadowDecisions shadowDecisions(DataSource dataSource, ObjectMapper mapper, Clock clock,
            io.micrometer.core.instrument.MeterRegistry registry) {
        return new ShadowDecisions(dataSource, mapper, clock, registry);
    }

    /**
     * The shadow rules' one thread (the wireTap's executorService in routes/candidate-pipeline.yaml): shadow decisions
     * are made one at a time, so the shadow rule set is compiled once, not by several threads racing on its first
     * use. The live path neither waits for the shadow nor fails when the shadow falls behind: past
     * {@link #SHADOW_QUEUE} waiting decisions (a large sync on slow shadow rules), a further one is dropped and
     * counted ({@code candidate_router_shadow_dropped_total}), so the shadow never holds more than that in memory.
     */
    @BindToRegistry(value = "shadowRulesThread", lazy = true) // lazy: after shadowDecisions is bound
    public java.util.concurrent.ExecutorService shadowRulesThread(CamelContext context, ShadowDecisions shadowDecisions) {
        java.util.concurrent.ExecutorService thread = context.getExecutorServiceManager().newThreadPool(this, "shadow-rules",
                new org.apache.camel.spi.ThreadPoolProfile() {{
                    setPoolSize(1);
                    setMaxPoolSize(1);
                    setMaxQueueSize(SHADOW_QUEUE);
                    setRejectedPolicy(org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy.Abort);
                }});
        // Instead of Camel's Abort (which would fail the live event in its wireTap): drop, and count what the shadow
        // did not see.
        ((java.util.concurrent.ThreadPoolExecutor) thread).setRejectedExecutionHandler((task, pool) -> shadowDecisions.dropped());
        return thread;
    }

    /** GET /admin/rules/shadow: the shadow decisions compared with the live ones. */
    @BindToRegistry("shadowComparison")
    public ShadowComparison shadowComparison(DataSource dataSource, ObjectMapper mapper) {
        return new ShadowComparison(dataSource, mapper);
    }

    /** Evaluations check inline resumes like the pipeline but never write them: the request is anyone's. */
    @BindToRegistry("ruleEvaluations")
    public RuleEvaluations ruleEvaluations(ObjectMapper mapper, Clock clock, @PropertyInject("attachments.hosts") String hosts,
            @PropertyInject("attachments.max-bytes") long maxBytes) {
        return new RuleEvaluations(mapper, new ProfileAssembler(clock, ResumeLocator.withoutStoring(OutboundUrlPolicy.fromList(hosts),
                maxBytes)));
    }

    /** What rules went live when, on which instance (admin API, health across instances). */
    @BindToRegistry("ruleHistory")
    public RuleHistory ruleHistory(DataSource dataSource, ObjectMapper mapper, Clock clock, @BeanInject("instanceId") String instanceId) {
        return new RuleHistory(dataSource, mapper, clock, instanceId);
    }

    /**
     * POST /rules/backtest: pasted rules against the routing rules this process serves (the files on disk until they
     * are loaded), over the stored candidates.
     */
    @BindToRegistry("ruleBacktests")
    public RuleBacktests ruleBacktests(DataSource dataSource, ObjectMapper mapper, Clock clock,
            @PropertyInject("rules.dir") String rulesDir, CamelContext context) {
        return new RuleBacktests(new CandidateRepository(dataSource, clock), mapper, rulesDir, clock,
                new AssessmentOrderRepository(dataSource, clock, mapper), () -> {
                    RuleBook serving = context.getComponent("drools", DroolsComponent.class).getRuleSets().get(ROUTING_RULES);
                    return serving == null ? null : serving.current().sources();
                });
    }

    /** Analysts' RULES_TOKEN, the ADMIN_TOKEN or the console's CONSOLE_TOKEN (its backtest page); none set, evaluation answers 403. */
    @BindToRegistry("evaluationAuth")
    public BearerTokenAuth evaluationAuth(@PropertyInject("rules.token") String rulesToken,
            @PropertyInject("admin.token") String adminToken, @PropertyInject("console.token") String consoleToken) {
        return new BearerTokenAuth(List.of(rulesToken.strip(), adminToken.strip(), consoleToken.strip()),
                "rule evaluation disabled: set RULES_TOKEN (or ADMIN_TOKEN)",
                "missing or wrong token: send Authorization: Bearer <RULES_TOKEN>");
    }

    /**
     * The {@code drools:} component is camel-drools' own: Camel creates it from the component's service file the
     * first time it is asked for (here, or by the first {@code drools:} endpoint), and the application only listens
     * to it: each rule set it loads, when its first endpoint starts, gets its readiness check ({@code rules-<name>})
     * and is published as metrics.
     */
    @Override
    public void configure(CamelContext context) {
        DroolsComponent drools = context.getComponent("drools", DroolsComponent.class);
        drools.addRuleSetListener(metrics::ruleSet);
        RuleHistory history = context.getRegistry().lookupByNameAndType("ruleHistory", RuleHistory.class);
        // Every version of every rule set that goes live is kept, with its files (GET /admin/rules/{ruleset}/versions).
        drools.addRuleSetListener((name, book) -> book.onNewVersion(rules -> history.wentLive(name, rules)));
        RuleSetHealthCheck.publishAll(drools, context.getRegistry(), history);
    }
}
