package dev.candidaterouter.cli;

import dev.candidaterouter.assessment.RuleScenarioRunner;
import dev.candidaterouter.assessment.RuleScenarioRunner.Result;
import dev.candidaterouter.assessment.RuleScenarioRunner.Scenario;
import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.writeback.ResultScenarioRunner;
import dev.candidaterouter.camel.drools.RuleLocation;
import dev.candidaterouter.camel.drools.RuleProblem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.impl.engine.DefaultClassResolver;

/**
 * The analysts' rule tools: {@code rules check [dir]} compiles the rule files and lists every error as
 * {@code file:line:column message}; {@code rules test [dir]} runs the scenarios in {@code dir/tests/*.yaml} and
 * prints a pass/fail table; both also take the result rules ({@code results/} of that folder, else RULES_RESULTS_DIR)
 * and their scenarios ({@code tests/*.yaml} that start with {@code ruleset: results}). Exit code 0 when all is well, 1 when not, 2 for a wrong command line.
 */
public final class RulesCommand {
    static final String FILE_PATTERN = "*.drl,*.csv,*.xlsx,*.xls";

    private RulesCommand() {
    }

    public static int run(String[] args, PrintStream out) {
        if (args.length > 0 && args[0].equals("backtest")) {
            return BacktestCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), out);
        }
        if (args.length == 0 || args.length > 2 || !List.of("check", "test").contains(args[0])) {
            out.println("usage: java -jar target/candidate-router.jar rules check|test [rules-location]"
                    + "   (a folder, file:folder or classpath:folder; default: RULES_DIR, else ./rules)");
            out.println("       " + BacktestCommand.USAGE.substring("usage: ".length()));
            return 2;
        }
        String location = args.length == 2 ? args[1] : System.getenv().getOrDefault("RULES_DIR", "rules");
        Path dir;
        try {
            // The same spellings as RULES_DIR: a folder, file:folder, or classpath:folder (in a directory or a jar on
            // this process's classpath, e.g. java -cp my-rules.jar:target/candidate-router.jar ...).
            dir = RuleLocation.resolve(location, new DefaultClassResolver()).folder();
        } catch (RuntimeException e) {
            out.println(location + ": " + e.getMessage());
            return 1;
        }
        if (!Files.isDirectory(dir)) {
            out.println(location + ": no such folder");
            return 1;
        }
        // The result rules (their own rule set): the results folder of the folder given, else RULES_RESULTS_DIR or
        // the results folder of RULES_DIR, as the running process has it.
        Path resultsDir = args.length == 2 ? dir.resolve("results")
                : Optional.ofNullable(System.getenv("RULES_RESULTS_DIR")).filter(v -> !v.isBlank())
                        .map(v -> RuleLocation.resolve(v, new DefaultClassResolver()).folder()).orElse(dir.resolve("results"));
        boolean withResults = Files.isDirectory(resultsDir);
        List<RuleProblem> problems = new ArrayList<>(RuleBook.check(dir, FILE_PATTERN));
        if (withResults) {
            problems.addAll(RuleBook.check(resultsDir, FILE_PATTERN));
        }
        if (!problems.isEmpty()) {
            problems.forEach(out::println);
            out.println(problems.size() + " error(s); the rules were not accepted");
            return 1;
        }
        if (args[0].equals("check")) {
            out.println("rules in " + location + " compile without errors");
            if (withResults) {
                out.println("result rules in " + resultsDir + " compile without errors");
            }
            return 0;
        }
        int routing = test(dir, out);
        int results = withResults ? testResults(resultsDir, dir.resolve("tests"), out) : 0;
        return Math.max(routing, results);
    }

    private static int testResults(Path resultsDir, Path testsDir, PrintStream out) {
        List<ResultScenarioRunner.Scenario> scenarios;
        try {
            scenarios = ResultScenarioRunner.load(testsDir);
        } catch (Exception e) {
            out.println("cannot read the result scenarios: " + e.getMessage());
            return 1;
        }
        if (scenarios.isEmpty()) {
            out.println("no result scenarios in " + testsDir + " (*.yaml with ruleset: results)");
            return 1;
        }
        List<ResultScenarioRunner.Result> results = new ArrayList<>();
        try (ResultScenarioRunner runner = new ResultScenarioRunner(resultsDir)) {
            for (ResultScenarioRunner.Scenario s : scenarios) {
                results.add(runner.run(s));
            }
        } catch (Exception e) {
            out.println("cannot run the result rules: " + e.getMessage());
            return 1;
        }
        int failed = 0;
        out.println();
        out.printf("%-6s %-70s %s%n", "RESULT", "RESULT SCENARIO", "ATS WRITES / RULES FIRED");
        for (ResultScenarioRunner.Result r : results) {
            if (!r.passed()) {
                failed++;
            }
            out.printf("%-6s %-70s %s%n", r.passed() ? "PASS" : "FAIL",
                    clip(r.scenario().file().getFileName() + ": " + r.scenario().name(), 70),
                    r.actions().isEmpty() ? "nothing written" : String.join(", ", r.actions()));
            out.printf("%-6s %-70s %s%n", "", "", String.join(" | ", r.fired()));
            for (String f : r.failures()) {
                out.printf("%-6s   ! %s%n", "", f);
            }
        }
        out.println((results.size() - failed) + " result scenarios passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    private static int test(Path dir, PrintStream out) {
        List<Scenario> scenarios;
        try {
            scenarios = RuleScenarioRunner.load(dir.resolve("tests"));
        } catch (Exception e) {
            out.println("cannot read the scenarios: " + e.getMessage());
            return 1;
        }
        if (scenarios.isEmpty()) {
            out.println("no scenarios in " + dir.resolve("tests") + " (*.yaml)");
            return 1;
        }
        List<Result> results = new ArrayList<>();
        try (RuleScenarioRunner runner = new RuleScenarioRunner(dir)) {
            for (Scenario s : scenarios) {
                results.add(runner.run(s));
            }
        } catch (Exception e) {
            out.println("cannot run the rules: " + e.getMessage());
            return 1;
        }
        int failed = 0;
        out.printf("%-6s %-70s %-32s %s%n", "RESULT", "SCENARIO", "ASSESSMENT", "CHANNELS / RULES FIRED");
        for (Result r : results) {
            if (!r.passed()) {
                failed++;
            }
            out.printf("%-6s %-70s %-32s %s%n", r.passed() ? "PASS" : "FAIL",
                    clip(r.scenario().file().getFileName() + ": " + r.scenario().name(), 70),
                    r.assessment() == null ? "-" : r.assessment(),
                    !r.invited() ? "not invited: " + r.notInvitedReason() : r.unreachable() ? "unreachable" : r.channels());
            out.printf("%-6s %-70s %-32s %s%n", "", "", "", String.join(" | ", r.fired()));
            for (String f : r.failures()) {
                out.printf("%-6s   ! %s%n", "", f);
            }
        }
        out.println((results.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
