package dev.candidaterouter.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.candidaterouter.camel.drools.DroolsConstants;
import dev.candidaterouter.candidate.JobStage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs the analysts' result scenarios — the files in {@code rules/tests/} that start with {@code ruleset: results} —
 * through the result rules exactly as the running process does (a {@code drools:} endpoint on the results folder),
 * and compares the ATS writes they ask for with what the scenario expects. Nothing is stored or written.
 * <pre>
 * ruleset: results
 * scenarios:
 *   - name: A passed candidate moves on
 *     result: {level: intermediate, status: completed, percentage: 75}     # also score, maxScore, order, reportUrl
 *     applications:
 *       - {id: app-1, status: ACTIVE, stage: Technical Assessment, jobStages: [Phone Screen, Technical Assessment, Onsite]}
 *     expect:
 *       actions: ["attachment on app-1 (passed)", "move app-1 to 'Onsite'"]   # exactly these, in any order
 *       fired: ["..."]                                                        # at least these rules fired
 * </pre>
 */
public final class ResultScenarioRunner implements AutoCloseable {
    /** The value of a scenario file's {@code ruleset:} that marks it as result scenarios. */
    public static final String RULESET = "results";

    /** One scenario: where it comes from and its YAML. */
    public record Scenario(Path file, String name, JsonNode spec) {
    }

    /** The writes the rules asked for, the rules that fired, and what did not match the expectation. */
    public record Result(Scenario scenario, List<String> actions, List<String> fired, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final String endpoint;

    /** Compiles the result rules at once, so a broken rule set is reported before any scenario runs. */
    public ResultScenarioRunner(Path resultsDir) {
        this.camel = new DefaultCamelContext();
        camel.start();
        this.producer = camel.createProducerTemplate();
        this.endpoint = "drools:result-actions-test?reload=false&resultMode=list&resultType=" + AtsAction.class.getName()
                + "&rulesDir=" + resultsDir.toAbsolutePath();
        camel.getEndpoint(endpoint);
    }

    /** Reads the result scenarios among the {@code *.yaml} files under {@code testsDir}, in file-name order. */
    public static List<Scenario> load(Path testsDir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(testsDir)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(testsDir, "*.{yaml,yml}")) {
                dir.forEach(files::add);
            }
        }
        files.sort(null);
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            JsonNode doc = YAML.readTree(file.toFile());
            if (doc == null || !RULESET.equals(doc.path("ruleset").asText())) {
                continue;
            }
            if (!doc.path("scenarios").isArray()) {
                throw new IllegalArgumentException(file + ": expected a list under 'scenarios:'");
            }
            int i = 0;
            for (JsonNode s : doc.get("scenarios")) {
                i++;
                scenarios.add(new Scenario(file, s.path("name").asText("scenario " + i), s));
            }
        }
        return scenarios;
    }

    public Result run(Scenario scenario) {
        AssessmentResult fact;
        try {
            fact = factOf(scenario.spec());
        } catch (RuntimeException e) {
            return new Result(scenario, List.of(), List.of(), List.of("cannot read the result: " + e.getMessage()));
        }
        Exchange answer = producer.send(endpoint, ex -> ex.getMessage().setBody(fact));
        if (answer.getException() != null) {
            return new Result(scenario, List.of(), List.of(), List.of("rules failed: " + answer.getException().getMessage()));
        }
        List<?> body = answer.getMessage().getBody(List.class);
        List<String> actions = body == null ? List.of() : body.stream().map(String::valueOf).sorted().toList();
        @SuppressWarnings("unchecked")
        List<String> fired = answer.getMessage().getHeader(DroolsConstants.FIRED_RULES, List.class);
        fired = fired == null ? List.of() : fired;
        List<String> failures = new ArrayList<>();
        JsonNode expect = scenario.spec().path("expect");
        if (expect.has("actions")) {
            TreeSet<String> wanted = new TreeSet<>();
            expect.get("actions").forEach(a -> wanted.add(a.asText()));
            if (!wanted.equals(new TreeSet<>(actions))) {
                failures.add("actions: expected " + wanted + ", got " + actions);
            }
        }
        for (JsonNode rule : expect.path("fired")) {
            if (!fired.contains(rule.asText())) {
                failures.add("rule did not fire: \"" + rule.asText() + "\"");
            }
        }
        return new Result(scenario, actions, fired, failures);
    }

    private static AssessmentResult factOf(JsonNode spec) {
        JsonNode r = spec.path("result");
        if (!r.isObject()) {
            throw new IllegalArgumentException("a result scenario needs 'result:'");
        }
        List<ResultApplication> applications = new ArrayList<>();
        int i = 0;
        for (JsonNode a : spec.path("applications")) {
            i++;
            List<JobStage> stages = new ArrayList<>();
            for (JsonNode st : a.path("jobStages")) {
                stages.add(st.isObject() ? new JobStage(st.path("id").asText(null), st.path("name").asText(null))
                        : new JobStage(null, st.asText()));
            }
            applications.add(new ResultApplication(a.path("id").asText("app-" + i), a.path("jobId").asText(null),
                    a.path("status").asText("ACTIVE"), a.path("stage").asText(null), a.path("stageId").asText(null), stages));
        }
        return new AssessmentResult(1, r.path("candidate").asText("candidate-1"), r.path("assessment").asText("assessment-1"),
                r.path("track").asText(null), r.path("level").asText(null), number(r, "score"), number(r, "maxScore"),
                number(r, "percentage"), r.path("status").asText(AssessmentResult.COMPLETED), r.path("reportUrl").asText(null),
                r.path("order").asText(null), applications, r.path("atsTakesNotes").asBoolean(false));
    }

    private static Double number(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asDouble() : null;
    }

    @Override
    public void close() {
        camel.stop();
    }
}
