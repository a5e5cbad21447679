package dev.candidaterouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which rule set {@code rules backtest} takes a folder for, and the command lines it refuses before reading anything. */
class BacktestCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aResultsFolderOrRulesOnTheResultFactsAreResultRulesAnyOtherRoutingRules() throws Exception {
        assertThat(BacktestCommand.holdsResultRules("rules/results")).isTrue();
        assertThat(BacktestCommand.holdsResultRules("file:rules/results")).isTrue();
        assertThat(BacktestCommand.holdsResultRules("rules")).as("its results/ subfolder is another rule set").isFalse();
        Path copy = Files.createDirectories(tmp.resolve("my-pass-mark"));
        Files.copy(Path.of("rules/results/result-actions.drl"), copy.resolve("result-actions.drl"));
        assertThat(BacktestCommand.holdsResultRules(copy.toString())).isTrue();
        Path routing = Files.createDirectories(tmp.resolve("my-routing"));
        Files.copy(Path.of("rules/assessment-routing.drl"), routing.resolve("assessment-routing.drl"));
        assertThat(BacktestCommand.holdsResultRules(routing.toString())).isFalse();
    }

    @Test
    void aWrongCommandLineIsRefusedWithTheUsage() {
        assertThat(run("rules/results", "--ruleset")).contains("usage:").contains("--ruleset assessment-routing|result-actions");
        assertThat(run("rules/results", "--ruleset", "results")).contains("--ruleset must be assessment-routing or result-actions");
        assertThat(run("rules/results", "--since", "30 days")).contains("since must be an ISO-8601 duration");
        assertThat(run("--since", "P30D", "rules/results")).contains("usage:");
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BacktestCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        return out.toString(StandardCharsets.UTF_8);
    }
}
