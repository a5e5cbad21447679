package dev.candidaterouter.assessment;

import dev.candidaterouter.camel.drools.DroolsConstants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.candidaterouter.candidate.AssessmentOrder;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.OutboundUrlPolicy;
import dev.candidaterouter.candidate.ProfileAssembler;
import dev.candidaterouter.candidate.ResumeLocator;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Runs the analysts' scenario files ({@code rules/tests/*.yaml}) through the rules exactly as the running
 * process does — through the {@code drools:} endpoint — and compares each decision with what the scenario
 * expects. Nothing is stored or sent.
 */
public final class RuleScenarioRunner implements AutoCloseable {
    /** Header the drools: endpoint sets with the names of the rules that fired. */

    /** One scenario: where it comes from and its YAML. */
    public record Scenario(Path file, String name, LocalDate today, JsonNode spec) {
    }

    /** What the rules decided for a scenario, and what did not match the expectation. */
    public record Result(Scenario scenario, String assessment, Set<Channel> channels, boolean unreachable,
            List<String> fired, List<String> failures, String notInvitedReason) {
        /** A scenario that could not be decided: nothing was decided, so nothing is "not invited". */
        Result(Scenario scenario, String assessment, Set<Channel> channels, boolean unreachable, List<String> fired,
                List<String> failures) {
            this(scenario, assessment, channels, unreachable, fired, failures, null);
        }

        public boolean passed() {
            return failures.isEmpty();
        }

        /** False when the rules decided not to invite the candidate ({@link #notInvitedReason()} says why). */
        public boolean invited() {
            return notInvitedReason == null;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The header whose facts the rules see beside the profile: the scenario's {@code order:}, as in the pipeline. */
    public static final String FACTS_HEADER = "CandidateRouterFacts";

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final String endpoint;

    /** Compiles the rules at once, so a broken rule set is reported before any scenario runs. */
    public RuleScenarioRunner(Path rulesDir) throws IOException {
        this.camel = new DefaultCamelContext();
        camel.start();
        this.producer = camel.createProducerTemplate();
        this.endpoint = "drools:rules-test?reload=false&resultType=" + AssessmentDecision.class.getName()
                + "&factsHeader=" + FACTS_HEADER + "&rulesDir=" + rulesDir.toAbsolutePath();
        camel.getEndpoint(endpoint);
    }

    /**
     * Reads every {@code *.yaml} under {@code testsDir}, in file-name order, except files that name another rule set
     * ({@code ruleset:}).
     */
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
            if (doc != null && doc.hasNonNull("ruleset")) {
                continue; // scenarios of another rule set (e.g. "ruleset: results", the result rules)
            }
            LocalDate today = doc.hasNonNull("today") ? LocalDate.parse(doc.get("today").asText()) : LocalDate.now(ZoneOffset.UTC);
            if (!doc.path("scenarios").isArray()) {
                throw new IllegalArgumentException(file + ": expected a list under 'scenarios:'");
            }
            int i = 0;
            for (JsonNode s : doc.get("scenarios")) {
                i++;
                scenarios.add(new Scenario(file, s.path("name").asText("scenario " + i), today, s));
            }
        }
        return scenarios;
    }

    public Result run(Scenario scenario) {
        List<String> failures = new ArrayList<>();
        CandidateProfile profile;
        try {
            profile = profileOf(scenario);
        } catch (Exception e) {
            return new Result(scenario, null, Set.of(), false, List.of(), List.of("cannot read the candidate: " + e.getMessage()));
        }
        List<Object> facts = new ArrayList<>();
        JsonNode order = scenario.spec().path("order");
        if (order.isObject()) {
            // An order from the ATS, as the pipeline gives it (AssessmentOrder); the candidate is the scenario's.
            facts.add(new AssessmentOrder(order.path("id").asText("order-1"), order.path("packageId").asText(null),
                    order.path("packageName").asText(null), order.path("applicationId").asText(null),
                    order.path("jobId").asText(null), profile.getCandidateId()));
        }
        Exchange answer = producer.send(endpoint, ex -> {
            ex.getMessage().setBody(profile);
            ex.getMessage().setHeader(FACTS_HEADER, facts);
        });
        if (answer.getException() != null) {
            return new Result(scenario, null, Set.of(), false, List.of(), List.of("rules failed: " + answer.getException().getMessage()));
        }
        AssessmentDecision decision = answer.getMessage().getBody(AssessmentDecision.class);
        @SuppressWarnings("unchecked")
        List<String> fired = answer.getMessage().getHeader(DroolsConstants.FIRED_RULES, List.class);
        fired = fired == null ? List.of() : fired;
        if (decision == null) {
            return new Result(scenario, null, Set.of(), false, fired, List.of("the rules produced no decision"));
        }
        JsonNode expect = scenario.spec().path("expect");
        if (expect.hasNonNull("assessment") && !expect.get("assessment").asText().equals(decision.getAssessmentId())) {
            failures.add("assessment: expected " + expect.get("assessment").asText() + ", got " + decision.getAssessmentId());
        }
        if (expect.has("channels")) {
            Set<Channel> wanted = EnumSet.noneOf(Channel.class);
            for (JsonNode c : expect.get("channels")) {
                wanted.add(Channel.valueOf(c.asText().trim().toUpperCase()));
            }
            if (!wanted.equals(decision.getChannels())) {
                failures.add("channels: expected " + wanted + ", got " + decision.getChannels());
            }
        }
        if (expect.hasNonNull("order") && !expect.get("order").asText().equals(decision.getOrderId())) {
            failures.add("order: expected the decision to carry out order " + expect.get("order").asText() + ", got "
                    + decision.getOrderId());
        }
        if (expect.has("unreachable") && expect.get("unreachable").asBoolean() != decision.isUnreachable()) {
            failures.add("unreachable: expected " + expect.get("unreachable").asBoolean() + ", got " + decision.isUnreachable());
        }
        if (expect.has("invited") && expect.get("invited").asBoolean() != decision.isInvited()) {
            failures.add("invited: expected " + expect.get("invited").asBoolean() + ", got " + decision.isInvited()
                    + (decision.getNotInvitedReason() == null ? "" : " (" + decision.getNotInvitedReason() + ")"));
        }
        if (expect.hasNonNull("notInvitedReason") && (decision.getNotInvitedReason() == null
                || !decision.getNotInvitedReason().contains(expect.get("notInvitedReason").asText()))) {
            failures.add("notInvitedReason: expected it to contain '" + expect.get("notInvitedReason").asText() + "', got "
                    + decision.getNotInvitedReason());
        }
        for (JsonNode rule : expect.path("fired")) {
            if (!fired.contains(rule.asText())) {
                failures.add("rule did not fire: \"" + rule.asText() + "\"");
            }
        }
        return new Result(scenario, decision.getAssessmentId(), decision.getChannels(), decision.isUnreachable(), fired, failures,
                decision.isInvited() ? null : String.valueOf(decision.getNotInvitedReason()));
    }

    private CandidateProfile profileOf(Scenario scenario) throws IOException {
        JsonNode spec = scenario.spec();
        if (spec.has("profile")) {
            return ProfileSpec.toProfile(spec.get("profile"));
        }
        JsonNode event;
        if (spec.has("event")) {
            event = spec.get("event");
        } else if (spec.has("sample")) {
            event = JSON.readTree(Path.of(spec.get("sample").asText()).toFile());
        } else {
            throw new IllegalArgumentException("a scenario needs 'profile:', 'event:' or 'sample:'");
        }
        JsonNode eventData = event.has("eventData") ? event.get("eventData") : event;
        Clock clock = Clock.fixed(scenario.today().atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC);
        // Scenario candidates' inline resumes are checked, never written.
        ProfileAssembler assembler = new ProfileAssembler(clock, ResumeLocator.withoutStoring(OutboundUrlPolicy.fromList(""),
                ResumeLocator.DEFAULT_MAX_BYTES));
        return assembler.assemble("scenario", event.path("recordId").asText(null), eventData);
    }

    @Override
    public void close() {
        camel.stop();
    }
}
