package dev.candidaterouter.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import dev.candidaterouter.candidate.AssessmentOrder;
import dev.candidaterouter.candidate.AssessmentOrderRepository;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.CandidateRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Backtests a changed rule set against the live one over the stored candidates ({@code rules backtest} and
 * {@code POST /rules/backtest}): each active candidate's latest stored profile is decided by both, and the
 * {@link BacktestReport} says what would change. Read-only: nothing is written, nothing sent.
 */
public class RuleBacktests {
    /** Candidates read from the database per query. */
    static final int PAGE_SIZE = 500;
    /** Changed decisions listed by name (masked) in a report. */
    static final int SAMPLE_SIZE = 20;

    private final CandidateRepository candidates;
    private final ObjectMapper mapper;
    private final String liveRules;
    private final Clock clock;
    private final Semaphore running = new Semaphore(1);
    private final AssessmentOrderRepository orders;
    /** The files of the rules the process serves now (null: none, or not loaded yet); null: use {@link #liveRules}. */
    private final Supplier<SortedMap<String, byte[]>> servingRules;

    /** Without orders from the ATS. @param liveRules where the live rules are, as RULES_DIR spells it */
    public RuleBacktests(CandidateRepository candidates, ObjectMapper mapper, String liveRules, Clock clock) {
        this(candidates, mapper, liveRules, clock, null);
    }

    /** @param orders the ATS's orders: each candidate is decided with their latest, as the pipeline does (null: none) */
    public RuleBacktests(CandidateRepository candidates, ObjectMapper mapper, String liveRules, Clock clock,
            AssessmentOrderRepository orders) {
        this(candidates, mapper, liveRules, clock, orders, null);
    }

    /**
     * In the running process: the live side is the rules it serves ({@code servingRules}), not the files on disk,
     * which may have changed since (reloading off, or an edit that did not compile and so never went live).
     *
     * @param servingRules the files of the rule set being served; a null answer (not loaded yet) falls back to
     *                     {@code liveRules}
     */
    public RuleBacktests(CandidateRepository candidates, ObjectMapper mapper, String liveRules, Clock clock,
            AssessmentOrderRepository orders, Supplier<SortedMap<String, byte[]>> servingRules) {
        this.candidates = candidates;
        this.mapper = mapper;
        this.liveRules = liveRules;
        this.clock = clock;
        this.orders = orders;
        this.servingRules = servingRules;
    }

    /**
     * Runs the rules in {@code changedRules} (a folder, {@code file:} or {@code classpath:} location) over the
     * candidates changed within {@code since} (null: all).
     *
     * @throws RuleCompilationException when either rule set does not compile
     */
    public BacktestReport run(String changedRules, Duration since) {
        SortedMap<String, byte[]> serving = servingRules == null ? null : servingRules.get();
        if (serving == null || serving.isEmpty()) {
            return run(liveRules, changedRules, since);
        }
        try (RuleFolder live = RuleFolder.served(serving)) {
            return run(live.location(), changedRules, since);
        }
    }

    private BacktestReport run(String live, String changedRules, Duration since) {
        Instant from = since == null ? null : clock.instant().minus(since);
        try (Backtest backtest = new Backtest(live, changedRules, SAMPLE_SIZE)) {
            Map<String, AssessmentOrder> ordered = orders == null ? Map.of() : orders.latestByCandidate();
            candidates.forEachActiveProfile(from, PAGE_SIZE, stored -> {
                AssessmentOrder order = ordered.get(AssessmentOrderRepository.candidateKey(stored.integrationId(), stored.candidateId()));
                backtest.add(profileOf(stored), order == null ? List.of() : List.of(order));
            });
            return backtest.report();
        }
    }

    /**
     * {@code POST /rules/backtest}: {@code {"files": {"assessment-routing.drl": "<content>", ...}, "since": "P30D"}},
     * the changed rule folder pasted file by file (an analyst edits a copy of the live rules). The files are
     * written to a folder of their own for the run and deleted after it.
     *
     * @throws IllegalArgumentException naming what is wrong with the request, or the rules' compile errors
     */
    public BacktestReport runPasted(byte[] body) {
        // One at a time: a backtest reads every stored candidate and runs rules someone pasted (Java in their actions),
        // so two at once would only compete for the same CPU and database, and a runaway rule holds only one thread.
        if (!running.tryAcquire()) {
            throw new BacktestRunning();
        }
        try {
            return runPastedNow(body);
        } finally {
            running.release();
        }
    }

    private BacktestReport runPastedNow(byte[] body) {
        return runPasted(pastedRequest(mapper, body));
    }

    /**
     * The request of {@code POST /rules/backtest}, read and checked for its {@code files}; shared with the result
     * rules' backtest, which takes the same request.
     *
     * @throws IllegalArgumentException when it is not JSON or has no files
     */
    public static JsonNode pastedRequest(ObjectMapper mapper, byte[] body) {
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the request is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (request == null || !request.isObject() || !request.path("files").isObject() || request.path("files").isEmpty()) {
            throw new IllegalArgumentException("expected {\"files\": {\"<name>.drl\": \"<rules>\", ...}, \"since\": \"P30D\"}");
        }
        return request;
    }

    /**
     * A request read by {@link #pastedRequest}; the caller keeps backtests one at a time (as {@link #runPasted(byte[])}
     * does).
     */
    public BacktestReport runPasted(JsonNode request) {
        Duration since = since(request.path("since"));
        try (RuleFolder changed = RuleFolder.pasted(request.get("files"))) {
            try {
                return run(changed.location(), since);
            } catch (RuleCompilationException e) {
                throw changed.explain(e);
            }
        }
    }

    /** An ISO-8601 duration back from now, e.g. P30D; absent or null: every stored candidate. */
    public static Duration since(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        return since(value.asText());
    }

    public static Duration since(String value) {
        try {
            Duration d = Duration.parse(value.strip());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("since must be a positive duration like P30D, was " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be an ISO-8601 duration like P30D or PT12H, was '" + value + "'");
        }
    }

    /** Our own stored JSON: one we cannot read back is our fault (500), never the analyst's request's. */
    private CandidateProfile profileOf(CandidateRepository.StoredProfile stored) {
        try {
            // Read back whole, as the pipeline does when it decides a candidate again.
            return mapper.readValue(stored.profileJson(), CandidateProfile.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored profile of " + stored.integrationId() + "/" + stored.candidateId()
                    + " is not JSON: " + e.getMessage(), e);
        }
    }

}
