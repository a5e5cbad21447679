package dev.candidaterouter.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.candidaterouter.ChildJvm;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.assessment.BacktestReport;
import dev.candidaterouter.assessment.RuleBacktests;
import dev.candidaterouter.candidate.ApplicationRepository;
import dev.candidaterouter.candidate.CandidateRepository;
import dev.candidaterouter.candidate.Job;
import dev.candidaterouter.candidate.JobApplication;
import dev.candidaterouter.candidate.JobRepository;
import dev.candidaterouter.candidate.JobStage;
import dev.candidaterouter.dispatch.DispatchRepository;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest of a known change to the result rules — the default pass mark raised from 70 to 80 — over results
 * stored as the intake stores them: exactly the non-advanced results with 70 ≤ percentage < 80 turn from passed to
 * failed and lose their stage move; nothing else changes, and nothing is written.
 */
class ResultBacktestsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final String MOVES = "A passed candidate's application in an assessment stage moves to the job's next stage";
    private static final String PASSED_DEFAULT = "A completed result at or above the default pass mark is passed when its level has no mark of its own";
    private static final String FAILED_DEFAULT = "A completed result below the default pass mark is failed when its level has no mark of its own";

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Database database;
    Jdbc jdbc;
    Path raisedPassMark;
    long r70;
    long r75;

    @BeforeEach
    void storeResults() throws Exception {
        database = TestDatabases.open("h2", tmp);
        jdbc = new Jdbc(database.dataSource());
        new JobRepository(database.dataSource(), clock, mapper).accept("int-1", new Job("job-1", "Backend Engineer", "Eng",
                List.of(new JobStage("s-1", "Phone Screen"), new JobStage("s-2", "Technical Assessment"),
                        new JobStage("s-3", "Onsite")), NOW), true, 1);
        r75 = result(1, "intermediate", 75.0, "received", NOW);    // passed -> failed, loses its move
        long r72advanced = result(2, "advanced", 72.0, "decided", NOW); // advanced: pass mark 60 either way
        long r85 = result(3, "intermediate", 85.0, "decided", NOW); // passed either way
        long r65 = result(4, "foundation", 65.0, "decided", NOW);   // failed either way
        r70 = result(5, "foundation", 70.0, "decided", NOW);        // exactly the old mark: passed -> failed
        result(6, "intermediate", 75.0, "decided", NOW.minus(Duration.ofDays(60))); // outside P30D
        result(7, "intermediate", 75.0, "failed", NOW);             // the rules could not run on it: not a stored decision
        assertThat(List.of(r72advanced, r85, r65)).doesNotContain(r70, r75);

        raisedPassMark = Files.createDirectories(tmp.resolve("changed").resolve("results"));
        String live = Files.readString(Path.of("rules/results/result-actions.drl"));
        String changed = live.replace("insert(new DefaultPassMark(70));", "insert(new DefaultPassMark(80));");
        assertThat(changed).as("the test's change applies to the shipped rules").isNotEqualTo(live);
        Files.writeString(raisedPassMark.resolve("result-actions.drl"), changed);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    /** Candidate cN, invited (decision and invitation rows), in Technical Assessment on job-1, with one result. */
    private long result(int n, String level, double percentage, String state, Instant receivedAt) {
        String candidate = "c" + n;
        jdbc.update("""
                INSERT INTO decision (id, integration_id, candidate_id, event_id, assessment_id, track, level, channels,
                                      unreachable, fired_rules, ruleset_version, decided_at)
                VALUES (?, 'int-1', ?, ?, ?, 'backend-jvm', ?, 'ASSESSMENT,EMAIL', FALSE, '', 'v1', ?)""",
                n, candidate, "e-" + n, "backend-jvm-" + level, level, NOW);
        jdbc.update("""
                INSERT INTO dispatch (id, dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                      status, next_attempt_at, created_at, updated_at)
                VALUES (?, ?, 'int-1', ?, ?, 'ASSESSMENT', ?, 'sent', ?, ?, ?)""",
                n, "key-" + n, candidate, "backend-jvm-" + level, n, NOW, NOW, NOW);
        new ApplicationRepository(database.dataSource(), clock, mapper).accept("int-1", new JobApplication("app-" + n,
                candidate, "job-1", "ACTIVE", new JobStage("s-2", "Technical Assessment"), NOW, NOW), List.of(), true, n);
        jdbc.update("""
                INSERT INTO assessment_result (invitation_dispatch_id, invitation_id, integration_id, candidate_id, assessment_id,
                                               status, score, max_score, percentage, completed_at, source, received_at, state)
                VALUES (?, ?, 'int-1', ?, ?, 'completed', ?, 100, ?, ?, 'webhook', ?, ?)""",
                n, "inv-" + n, candidate, "backend-jvm-" + level, percentage, percentage, receivedAt, receivedAt, state);
        return jdbc.queryOne("SELECT id FROM assessment_result WHERE candidate_id = ?", rs -> rs.getLong(1), candidate).orElseThrow();
    }

    private ResultBacktests backtests() {
        Duration claim = Duration.ofMinutes(5);
        ResultDecisions decisions = new ResultDecisions(database.dataSource(), clock, "test", claim, 1,
                new ApplicationRepository(database.dataSource(), clock, mapper),
                new JobRepository(database.dataSource(), clock, mapper),
                new DispatchRepository(database.dataSource(), clock, "test", claim, false),
                new AtsNotes("", new GreenhouseNotes(mapper, "", "admin_only")), mapper,
                new dev.candidaterouter.candidate.CandidateLocks(database.dataSource()));
        return new ResultBacktests(database.dataSource(), decisions, "rules/results", clock, null);
    }

    private String snapshot() {
        return jdbc.query("SELECT id, state, ruleset_version, actions_json FROM assessment_result ORDER BY id",
                rs -> rs.getLong(1) + rs.getString(2) + rs.getString(3) + rs.getString(4)) + " dispatches "
                + jdbc.count("SELECT COUNT(*) FROM dispatch");
    }

    @Test
    void raisingThePassMarkTo80FailsExactlyTheResultsFrom70To80AndDropsTheirStageMoves() {
        String before = snapshot();
        ResultBacktestReport report = backtests().run(raisedPassMark.toString(), Duration.ofDays(30));

        assertThat(report.ruleset()).isEqualTo("result-actions");
        assertThat(report.results()).as("decided and received results of the last 30 days").isEqualTo(5);
        assertThat(report.skipped()).isZero();
        assertThat(report.liveVersion()).isNotEqualTo(report.changedVersion());
        assertThat(report.changedResults()).isEqualTo(2);
        assertThat(report.verdicts()).extracting("name", "before", "after", "change").containsExactly(
                tuple("passed", 4, 2, -2), tuple("failed", 1, 3, 2), tuple("not scored", 0, 0, 0),
                tuple(ResultBacktestReport.NO_VERDICT, 0, 0, 0));
        assertThat(report.actions()).extracting("name", "before", "after", "change").containsExactly(
                tuple("attachment", 5, 5, 0), tuple("stage move", 4, 2, -2), tuple("order update", 0, 0, 0),
                tuple("note", 0, 0, 0));
        assertThat(report.rules()).extracting("rule", "before", "after").containsExactlyInAnyOrder(
                tuple(PASSED_DEFAULT, 3, 1), tuple(FAILED_DEFAULT, 1, 3), tuple(MOVES, 4, 2));
        assertThat(report.changed()).extracting("resultId", "candidateId", "verdictBefore", "verdictAfter").containsExactly(
                tuple(r75, "c1", "passed", "failed"), tuple(r70, "c5", "passed", "failed"));
        assertThat(report.changed().get(0).actionsBefore())
                .containsExactly("attachment on app-1 (passed)", "move app-1 to 'Onsite'");
        assertThat(report.changed().get(0).actionsAfter()).containsExactly("attachment on app-1 (failed)");
        assertThat(report.toText()).contains("5 results").contains("2 result(s) would write differently")
                .contains("result " + r75 + " int-1/c1 backend-jvm-intermediate: passed");
        assertThat(snapshot()).as("read-only: nothing decided, planned or sent").isEqualTo(before);

        ResultBacktestReport everything = backtests().run(raisedPassMark.toString(), null);
        assertThat(everything.results()).as("without since: the older result too, never the failed one").isEqualTo(6);
        assertThat(everything.changedResults()).isEqualTo(3);
    }

    @Test
    void thePastedRequestPicksTheRuleSetAndRefusesAnUnknownOneOrRulesThatDoNotCompile() throws Exception {
        RuleBacktests routing = new RuleBacktests(new CandidateRepository(database.dataSource(), clock), mapper, "rules", clock);
        RuleSetBacktests backtests = new RuleSetBacktests(routing, backtests(), mapper);
        ObjectNode request = mapper.createObjectNode().put("ruleset", "result-actions").put("since", "P30D");
        request.putObject("files").put("result-actions.drl", Files.readString(raisedPassMark.resolve("result-actions.drl")));

        Object report = backtests.runPasted(mapper.writeValueAsBytes(request));
        assertThat(report).isInstanceOf(ResultBacktestReport.class);
        assertThat(((ResultBacktestReport) report).changedResults()).isEqualTo(2);

        request.remove("ruleset");
        request.putObject("files").put("assessment-routing.drl", Files.readString(Path.of("rules/assessment-routing.drl")));
        assertThat(backtests.runPasted(mapper.writeValueAsBytes(request))).as("the routing rules by default")
                .isInstanceOf(BacktestReport.class);

        request.put("ruleset", "results-please");
        assertThatThrownBy(() -> backtests.runPasted(mapper.writeValueAsBytes(request)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ruleset must be assessment-routing or result-actions");
        request.put("ruleset", "result-actions");
        request.putObject("files").put("result-actions.drl", "rule x when then");
        assertThatThrownBy(() -> backtests.runPasted(mapper.writeValueAsBytes(request)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("result-actions.drl:")
                .hasMessageNotContaining(tmp.toString());
    }

    @Test
    void theCommandLinePicksTheResultBacktestForAResultsFolder() throws Exception {
        database.close(); // an H2 file is open in one process at a time
        database = null;
        String url = "jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath();
        try (ChildJvm cli = ChildJvm.start(Map.of("DB_URL", url), tmp.resolve("out.txt"), "rules", "backtest",
                raisedPassMark.toString(), "--since", "P3650D")) {
            assertThat(cli.exitCode(Duration.ofSeconds(90))).as(cli.output()).isZero();
            assertThat(cli.output()).contains("6 results").contains("3 result(s) would write differently")
                    .containsPattern("stage move\\s+5\\s+2\\s+-3")
                    .contains("result " + r75 + " int-1/c1 backend-jvm-intermediate: passed");
        }
        // A rule set the command does not know is a wrong command line.
        try (ChildJvm cli = ChildJvm.start(Map.of("DB_URL", url), tmp.resolve("usage.txt"), "rules", "backtest",
                raisedPassMark.toString(), "--ruleset", "nonsense")) {
            assertThat(cli.exitCode(Duration.ofSeconds(60))).as(cli.output()).isEqualTo(2);
            assertThat(cli.output()).contains("--ruleset must be assessment-routing or result-actions");
        }
    }
}
