package dev.candidaterouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysts' tools: {@code rules check} and {@code rules test}, with their output and exit codes. */
class RulesCommandTest {
    @TempDir
    Path work;

    record Run(int exitCode, String output) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = RulesCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A copy of the shipped rules folder that a test may break. */
    private Path copyOfShippedRules() throws IOException {
        Path copy = work.resolve("rules");
        try (Stream<Path> files = Files.walk(Path.of("rules"))) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(Path.of("rules").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    @Test
    void shippedRulesCompile() {
        Run r = run("check", "rules");
        assertThat(r.exitCode()).isZero();
        assertThat(r.output()).contains("compile without errors");
    }

    @Test
    void shippedScenariosAllPass() {
        Run r = run("test", "rules");
        assertThat(r.output()).contains("0 failed").doesNotContain("FAIL ");
        assertThat(r.exitCode()).isZero();
        // Every rule of the shipped policy fires in at least one scenario.
        for (String rule : new String[] {"An expert in the track's skill takes the advanced level",
                "Eight or more years of experience take the advanced level",
                "Advanced in the track's skill takes the intermediate level",
                "Three or more years of experience take the intermediate level",
                "Students with less than a year of experience take the graduate level",
                "Everyone else takes the foundation level",
                "A senior title raises foundation and graduate to intermediate",
                "A senior title raises intermediate to advanced",
                "Candidates without a skill that belongs to a track take general aptitude",
                "Candidates with neither email nor phone are unreachable",
                "Candidates with a phone but no email receive the invitation by SMS",
                "Advanced candidates with a phone also receive an SMS",
                "These stages are assessment stages",
                "An active application in an assessment stage lets the candidate be invited",
                "Without an active application in an assessment stage the candidate is not invited"}) {
            assertThat(r.output()).as("a scenario fires \"%s\"", rule).contains(rule);
        }
        // The table says when the policy does not invite, and why.
        assertThat(r.output()).contains("not invited: no ACTIVE application in an assessment stage");
    }

    @Test
    void rulesPackagedOnTheClasspathAreCheckedAndTested() throws Exception {
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        Files.move(copyOfShippedRules(), classes.resolve("packaged"));
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, before)) {
            thread.setContextClassLoader(loader);
            Run check = run("check", "classpath:packaged");
            assertThat(check.output()).contains("rules in classpath:packaged compile without errors");
            assertThat(check.exitCode()).isZero();
            Run test = run("test", "classpath:/packaged/");
            assertThat(test.output()).contains("0 failed").doesNotContain("FAIL ");
            assertThat(test.exitCode()).isZero();
            Run missing = run("check", "classpath:not-packaged");
            assertThat(missing.output()).contains("classpath:not-packaged").contains("not found on the classpath");
            assertThat(missing.exitCode()).isEqualTo(1);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void brokenRuleFileIsReportedWithFileLineAndColumnAndExitCode1() throws Exception {
        Path rules = copyOfShippedRules();
        Path drl = rules.resolve("assessment-routing.drl");
        Files.writeString(drl, Files.readString(drl).replace("CandidateProfile( yearsOfExperience >= 8 )",
                "CandidateProfile( yearsExperince >= 8 )"));
        Run r = run("check", rules.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).containsPattern(java.util.regex.Pattern.quote(drl.toString()) + ":\\d+:\\d+ .*yearsExperince");
    }

    @Test
    void compileErrorsAreLocatedAtTheNameTheyQuote() throws Exception {
        Path rules = copyOfShippedRules();
        Path drl = rules.resolve("assessment-routing.drl");
        String source = Files.readString(drl)
                .replace("CandidateProfile( yearsOfExperience >= 8 )", "NoSuchFact( yearsOfExperience >= 8 )")
                .replace("    insert(new TrackSkills(\"backend-jvm\",", "    unknownCall();\n    insert(new TrackSkills(\"backend-jvm\",");
        Files.writeString(drl, source);
        java.util.List<String> lines = Files.readAllLines(drl);
        int typeLine = index(lines, "NoSuchFact(") + 1;
        int callLine = index(lines, "unknownCall();") + 1;
        Run r = run("check", rules.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains(drl + ":" + typeLine + ":" + (lines.get(typeLine - 1).indexOf("NoSuchFact") + 1)
                + " Unable to resolve ObjectType 'NoSuchFact'");
        assertThat(r.output()).contains(drl + ":" + callLine + ":5 Rule Compilation error The method unknownCall()");
        assertThat(r.output()).doesNotContain(":0:0");
    }

    @Test
    void aSyntaxErrorIsOneLineAtItsColumnCountedFromOne() throws Exception {
        Path rules = copyOfShippedRules();
        Path drl = rules.resolve("assessment-routing.drl");
        Files.writeString(drl, Files.readString(drl).replace("declare SeniorTitle\nend", "declare SeniorTitle\n"));
        int line = index(Files.readAllLines(drl), "declare BaseLevel") + 1;
        Run r = run("check", rules.toString());
        assertThat(r.output().lines()).containsExactly(drl + ":" + line + ":9 [ERR 102] mismatched input 'BaseLevel'",
                "1 error(s); the rules were not accepted");
    }

    private static int index(java.util.List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text);
    }

    @Test
    void failingScenarioIsShownAndExitCodeIs1() throws Exception {
        Path rules = copyOfShippedRules();
        Files.writeString(rules.resolve("tests/extra.yaml"), """
                scenarios:
                  - name: A wrong expectation
                    profile:
                      skills: [{name: Java, proficiency: Expert}]
                      preferredEmail: a@example.com
                    expect:
                      assessment: systems-foundation
                """);
        Run r = run("test", rules.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("FAIL").contains("expected systems-foundation, got backend-jvm-advanced")
                .contains("1 failed");
    }

    @Test
    void shippedResultScenariosAllPassAndFireEveryResultRule() {
        Run r = run("test", "rules");
        assertThat(r.output()).contains("RESULT SCENARIO").contains("result scenarios passed, 0 failed");
        assertThat(r.exitCode()).isZero();
        for (String rule : new String[] {"These are the pass marks", "A completed result at or above its level's pass mark is passed",
                "A completed result below its level's pass mark is failed",
                "A completed result at or above the default pass mark is passed when its level has no mark of its own",
                "A completed result below the default pass mark is failed when its level has no mark of its own",
                "A completed result without a score out of a maximum is not scored",
                "A completed order reports COMPLETED with the score to the ATS",
                "A completed result is attached to each application in an assessment stage",
                "A completed result is noted once on the candidate with an application in an assessment stage where the ATS takes notes",
                "A passed candidate's application in an assessment stage moves to the job's next stage",
                "An expired invitation is reported EXPIRED only for an order"}) {
            assertThat(r.output()).as("a result scenario fires \"%s\"", rule).contains(rule);
        }
    }

    @Test
    void raisingThePassMarkInItsTableFailsTheScenarioAtTheOldMark() throws Exception {
        Path rules = copyOfShippedRules();
        Path drl = rules.resolve("results/result-actions.drl");
        Files.writeString(drl, Files.readString(drl).replace("new DefaultPassMark(70)", "new DefaultPassMark(75)"));
        Run r = run("test", rules.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("FAIL").contains("Exactly the pass mark passes")
                .contains("got [attachment on app-1 (failed)]");
    }

    @Test
    void aBrokenResultRuleFileIsReportedByCheck() throws Exception {
        Path rules = copyOfShippedRules();
        Files.writeString(rules.resolve("results/broken.drl"), "package rules.results;\nrule \"x\" when Nope() then end\n");
        Run r = run("check", rules.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("broken.drl:");
    }

    @Test
    void wrongUsageExitsWith2() {
        assertThat(run("frobnicate").exitCode()).isEqualTo(2);
    }
}
