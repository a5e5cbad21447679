package dev.candidaterouter.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.assessment.RuleBacktests;
import dev.candidaterouter.assessment.RuleFolder;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import dev.candidaterouter.candidate.ApplicationRepository;
import dev.candidaterouter.candidate.CandidateLocks;
import dev.candidaterouter.candidate.JobRepository;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Backtests changed result rules against the live ones over the stored results ({@code rules backtest} on a result
 * rules folder, {@code POST /rules/backtest} with {@code "ruleset": "result-actions"}): every result decided or
 * waiting to be (received within {@code since}) gets the facts {@link ResultDecisions#facts} builds for the pipeline —
 * the score, the candidate's applications and jobs as stored now, the order — and is decided by both rule sets; the
 * {@link ResultBacktestReport} says which writes to the ATS would change. Read-only: nothing written, planned or sent.
 */
public class ResultBacktests {
    /** Results read from the database per query. */
    static final int PAGE_SIZE = 500;
    /** Changed results listed by id in a report. */
    static final int SAMPLE_SIZE = 20;

    /** A stored result as the backtest lists it. */
    private record Listed(long id, String integrationId) {
    }

    private final Jdbc jdbc;
    private final ResultDecisions decisions;
    private final String liveRules;
    private final Clock clock;
    private final Supplier<SortedMap<String, byte[]>> servingRules;

    /**
     * @param decisions    builds each result's facts, exactly as the pipeline's result stage does (only read)
     * @param liveRules    where the live result rules are, as RULES_RESULTS_DIR spells it
     * @param servingRules in the running process, the files of the result rules it serves (null, or a null answer:
     *                     use {@code liveRules})
     */
    public ResultBacktests(DataSource dataSource, ResultDecisions decisions, String liveRules, Clock clock,
            Supplier<SortedMap<String, byte[]>> servingRules) {
        this.jdbc = new Jdbc(dataSource);
        this.decisions = decisions;
        this.liveRules = liveRules;
        this.clock = clock;
        this.servingRules = servingRules;
    }

    /**
     * Outside the running process ({@code rules backtest}): the facts are built as the process builds them, by a
     * {@link ResultDecisions} of its own of which only {@link ResultDecisions#facts} is called — nothing is claimed,
     * decided or planned. The live side is the folder {@code liveRules}.
     *
     * @param notes which integrations take notes (ATS_NOTES): the rules' {@code atsTakesNotes}
     */
    public static ResultBacktests outsideTheProcess(DataSource dataSource, Clock clock, ObjectMapper mapper,
            String liveRules, AtsNotes notes) {
        Duration unused = Duration.ofMinutes(5);
        ResultDecisions decisions = new ResultDecisions(dataSource, clock, "backtest", unused, 1,
                new ApplicationRepository(dataSource, clock, mapper), new JobRepository(dataSource, clock, mapper),
                new DispatchRepository(dataSource, clock, "backtest", unused, false), notes, mapper,
                new CandidateLocks(dataSource));
        return new ResultBacktests(dataSource, decisions, liveRules, clock, null);
    }

    /**
     * Runs the result rules in {@code changedRules} (a folder, {@code file:} or {@code classpath:} location) over the
     * results received within {@code since} (null: all).
     *
     * @throws RuleCompilationException when either rule set does not compile
     */
    public ResultBacktestReport run(String changedRules, Duration since) {
        SortedMap<String, byte[]> serving = servingRules == null ? null : servingRules.get();
        if (serving == null || serving.isEmpty()) {
            return run(liveRules, changedRules, since);
        }
        try (RuleFolder live = RuleFolder.served(serving)) {
            return run(live.location(), changedRules, since);
        }
    }

    /**
     * A request of {@code POST /rules/backtest} (read by {@link RuleBacktests#pastedRequest}): the changed result
     * rules pasted file by file. The caller keeps backtests one at a time.
     *
     * @throws IllegalArgumentException naming what is wrong with the request, or the rules' compile errors
     */
    public ResultBacktestReport runPasted(JsonNode request) {
        Duration since = RuleBacktests.since(request.path("since"));
        try (RuleFolder changed = RuleFolder.pasted(request.get("files"))) {
            try {
                return run(changed.location(), since);
            } catch (RuleCompilationException e) {
                throw changed.explain(e);
            }
        }
    }

    private ResultBacktestReport run(String live, String changedRules, Duration since) {
        Instant from = since == null ? Instant.EPOCH : clock.instant().minus(since);
        try (ResultBacktest backtest = new ResultBacktest(live, changedRules, SAMPLE_SIZE)) {
            long after = 0;
            List<Listed> page;
            do {
                // Keyset pages: a backtest over a year of results holds one page at a time.
                page = jdbc.query("""
                        SELECT id, integration_id FROM assessment_result
                         WHERE state IN (?, ?) AND received_at >= ? AND id > ?
                         ORDER BY id LIMIT %d""".formatted(PAGE_SIZE),
                        rs -> new Listed(rs.getLong(1), rs.getString(2)),
                        ResultDecisions.DECIDED, ResultDecisions.RECEIVED, from, after);
                for (Listed result : page) {
                    AssessmentResult facts;
                    try {
                        facts = decisions.facts(result.id());
                    } catch (IllegalStateException gone) {
                        // Its invitation's rows are gone (retention): the pipeline could not decide it either.
                        backtest.skip();
                        continue;
                    }
                    backtest.add(result.integrationId(), facts);
                }
                after = page.isEmpty() ? after : page.get(page.size() - 1).id();
            } while (page.size() == PAGE_SIZE);
            return backtest.report();
        }
    }
}
