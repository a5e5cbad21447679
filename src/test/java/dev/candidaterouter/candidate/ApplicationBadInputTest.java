package dev.candidaterouter.candidate;

import static dev.candidaterouter.candidate.ApplicationsFromKnitTest.awaitIdle;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus's application and job cases (src/test/resources/bad-input/cases.csv, also run by the fault
 * suite's BadInputFaultTest), in the ordinary build: each is answered 200 and processed, never failed; an
 * application's unreadable field is named in the decided candidate's dataIssues, and a job decides nobody. A
 * profile's malformed applications given to rule evaluation get a 400 naming them.
 */
class ApplicationBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("src/test/resources/bad-input");

    @TempDir
    Path home;

    @Test
    void everyApplicationAndJobCaseGetsItsDocumentedOutcome() throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("cases.csv"))) {
            if (line.startsWith("application-") || line.startsWith("job-")) {
                cases.add(line.split(",", 6));
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(9);
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            post(app, Files.readAllBytes(CORPUS.resolve("education-as-object.json"))); // the candidate they apply as
            awaitIdle(app, 0);
            for (String[] c : cases) {
                byte[] body = Files.readAllBytes(CORPUS.resolve(c[0]));
                String eventId = JSON.readTree(body).path("eventId").asText();
                assertThat(post(app, body)).as(c[0]).isEqualTo(Integer.parseInt(c[3]));
                awaitIdle(app, 0);
                assertThat(app.jdbc().queryOne("SELECT status FROM inbox_event WHERE event_id = ?", rs -> rs.getString(1), eventId))
                        .as(c[0]).hasValue("processed");
                String profile = app.jdbc().queryOne("SELECT profile_json FROM decision WHERE event_id = ?",
                        rs -> rs.getString(1), eventId).orElse(null);
                if (c[4].equals("dataIssues")) {
                    assertThat(profile).as("decision of %s", c[0]).isNotNull();
                    JsonNode issues = JSON.readTree(profile).path("dataIssues");
                    assertThat(issues.findValuesAsText("field")).as(c[0]).contains(c[5]);
                } else {
                    assertThat(c[5]).isEqualTo("no decision");
                    assertThat(profile).as(c[0]).isNull();
                }
            }
        }
    }

    @Test
    void ruleEvaluationNamesWhatIsWrongWithAProfilesApplications() throws Exception {
        java.util.Map<String, String> settings = RunningApp.defaults(home);
        settings.put("rules.token", "apps-rules-token");
        int probes = 0;
        try (RunningApp app = RunningApp.start(home, settings)) {
            for (String line : Files.readAllLines(CORPUS.resolve("evaluate-cases.csv"))) {
                if (!line.startsWith("evaluate-application")) {
                    continue;
                }
                String[] c = line.split(",", 4);
                var answer = app.post("/rules/evaluate", Files.readAllBytes(CORPUS.resolve(c[0])), java.util.Map.of(
                        "Content-Type", "application/json", "Authorization", "Bearer apps-rules-token"));
                assertThat(answer.statusCode()).as(c[0] + ": " + answer.body()).isEqualTo(Integer.parseInt(c[2]));
                assertThat(answer.body()).as(c[0]).contains(c[3]);
                probes++;
            }
            assertThat(probes).as("evaluate-application* cases in evaluate-cases.csv").isGreaterThanOrEqualTo(3);
        }
    }

    private static int post(RunningApp app, byte[] body) throws Exception {
        return app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode();
    }
}
