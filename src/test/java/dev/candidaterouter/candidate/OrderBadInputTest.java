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
 * The bad-input corpus's order cases (src/test/resources/bad-input/cases.csv, also run by the fault suite's
 * BadInputFaultTest), in the ordinary build: each order event is answered 200 and never fails; an unreadable field
 * is named in the decided candidate's dataIssues as candidateAssessment[<order id>].<field>, and an order that names
 * no candidate is ignored with the reason.
 */
class OrderBadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("src/test/resources/bad-input");

    @TempDir
    Path home;

    @Test
    void everyOrderCaseGetsItsDocumentedOutcome() throws Exception {
        List<String[]> cases = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("cases.csv"))) {
            if (line.startsWith("order-")) {
                cases.add(line.split(",", 6));
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(7);
        try (RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            post(app, Files.readAllBytes(CORPUS.resolve("education-as-object.json"))); // the candidate who is ordered
            awaitIdle(app, 0);
            for (String[] c : cases) {
                byte[] body = Files.readAllBytes(CORPUS.resolve(c[0]));
                String eventId = JSON.readTree(body).path("eventId").asText();
                assertThat(post(app, body)).as(c[0]).isEqualTo(Integer.parseInt(c[3]));
                awaitIdle(app, 0);
                String[] row = app.jdbc().queryOne("SELECT status, reason FROM inbox_event WHERE event_id = ?",
                        rs -> new String[] {rs.getString(1), rs.getString(2)}, eventId).orElseThrow();
                String profile = app.jdbc().queryOne("SELECT profile_json FROM decision WHERE event_id = ?",
                        rs -> rs.getString(1), eventId).orElse(null);
                switch (c[4]) {
                    case "dataIssues" -> {
                        assertThat(row[0]).as(c[0]).isEqualTo("processed");
                        assertThat(profile).as("decision of %s", c[0]).isNotNull();
                        JsonNode issues = JSON.readTree(profile).path("dataIssues");
                        assertThat(issues.findValuesAsText("field")).as(c[0]).contains(c[5]);
                    }
                    case "processed" -> {
                        assertThat(row[0]).as(c[0]).isEqualTo("processed");
                        assertThat(c[5]).isEqualTo("decision");
                        assertThat(profile).as(c[0]).isNotNull();
                    }
                    case "ignored" -> {
                        assertThat(row[0]).as(c[0]).isEqualTo("ignored");
                        assertThat(row[1]).as(c[0]).contains(c[5]);
                        assertThat(profile).as(c[0]).isNull();
                    }
                    default -> throw new IllegalArgumentException("unknown outcome " + c[4]);
                }
            }
        }
    }

    private static int post(RunningApp app, byte[] body) throws Exception {
        return app.post("/webhooks/knit", body, TestEvents.signedHeaders(body)).statusCode();
    }
}
