package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule set that does not compile at start-up stops the process with exit code 2 and its problems as
 * {@code file:line:column message}, each once, at the real position — no stack trace, no repeats.
 */
class BrokenRulesAtStartupTest {
    @TempDir
    Path home;

    @Test
    void brokenRulesAreReportedOnceWithFileLineAndColumnAndTheProcessEnds() throws Exception {
        Path rules = Files.createDirectories(home.resolve("rules"));
        String drl = Files.readString(Path.of("rules/assessment-routing.drl"));
        Path file = rules.resolve("assessment-routing.drl");
        // A syntax error in one rule (Drools also adds a position-less "Parser returned a null Package").
        Files.writeString(file, drl.replace("declare SeniorTitle\nend", "declare SeniorTitle\n"));
        List<String> lines = Files.readAllLines(file);
        int line = lines.indexOf("declare BaseLevel") + 1;

        Map<String, String> env = Map.of("RULES_DIR", rules.toString(),
                "SERVER_PORT", String.valueOf(RunningApp.freePort()),
                "DB_URL", TestDatabases.embeddedUrl(home),
                "OUTBOX_DIR", home.resolve("outbox").toString(), "KNIT_SYNC_ON_START", "false");
        try (ChildJvm app = ChildJvm.start(env, home.resolve("app.log"))) {
            Integer exit = app.exitCode(Duration.ofSeconds(90));
            String output = app.output();
            assertThat(exit).as(output).isEqualTo(2);
            String problem = file + ":" + line + ":9 [ERR 102] mismatched input 'BaseLevel'";
            assertThat(output.lines().filter(l -> l.contains(file.toString()))).as(output).containsExactly(problem);
            assertThat(output.lines().filter(l -> l.contains("do not compile"))).as(output).hasSize(1);
            assertThat(output).doesNotContain(":0:0").doesNotContain("\tat ").doesNotContain("Caused by")
                    .doesNotContain("Unable to build KieBaseModel");
        }
    }
}
