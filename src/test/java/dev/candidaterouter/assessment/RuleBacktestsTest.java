package dev.candidaterouter.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.candidaterouter.ChildJvm;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.CandidateRepository;
import dev.candidaterouter.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest of a known change — quarkus joins the backend-jvm track — over candidates stored as the pipeline
 * stores them reports exactly who moves and every count that follows.
 */
class RuleBacktestsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path tmp;
    Database database;
    Path quarkusRules;

    @BeforeEach
    void storeCandidates() throws Exception {
        database = TestDatabases.open("h2", tmp);
        store("c1", NOW, "Quarkus", "Expert");                    // general aptitude -> backend-jvm advanced
        store("c2", NOW, "Quarkus", "Advanced", "Python", "Beginner"); // backend-python -> backend-jvm intermediate
        store("c3", NOW, "Java", "Expert");                       // backend-jvm advanced either way
        store("c4", NOW.minus(Duration.ofDays(60)));                // no skill: general aptitude either way
        store("c5", NOW, "Quarkus", "Expert");
        new CandidateRepository(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC)).markDeleted("int-1", "c5", 99);

        quarkusRules = Files.createDirectories(tmp.resolve("changed"));
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, quarkusRules.resolve(f.getFileName()));
            }
        }
        Path drl = quarkusRules.resolve("assessment-routing.drl");
        String live = Files.readString(drl);
        String changed = live.replace("\"spring\", \"spring boot\")", "\"spring\", \"spring boot\", \"quarkus\")");
        assertThat(changed).as("the test's change applies to the shipped rules").isNotEqualTo(live);
        Files.writeString(drl, changed);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void addingQuarkusToTheJvmTrackMovesExactlyTheQuarkusCandidates() {
        BacktestReport report = backtests().run(quarkusRules.toString(), null);

        assertThat(report.candidates()).as("active candidates only: c5 was deleted").isEqualTo(4);
        assertThat(report.changedDecisions()).isEqualTo(2);
        assertThat(report.liveVersion()).isNotEqualTo(report.changedVersion());
        assertThat(report.assessments()).extracting("assessment", "before", "after", "change").containsExactly(
                tuple("backend-jvm-advanced", 1, 2, 1),
                tuple("backend-jvm-intermediate", 0, 1, 1),
                tuple("backend-python-foundation", 1, 0, -1),
                tuple("general-aptitude-foundation", 2, 1, -1));
        assertThat(report.transitions()).extracting("from", "to", "candidates").containsExactly(
                tuple("backend-python-foundation", "backend-jvm-intermediate", 1),
                tuple("general-aptitude-foundation", "backend-jvm-advanced", 1));
        assertThat(report.invited()).isEqualTo(new BacktestReport.Invited(4, 4, 0, 0));
        assertThat(report.channels()).extracting("channel", "change").containsOnly(
                tuple(Channel.ASSESSMENT, 0), tuple(Channel.EMAIL, 0));
        assertThat(report.rules()).extracting("rule", "before", "after").contains(
                tuple("Candidates without a skill that belongs to a track take general aptitude", 2, 1),
                tuple("An expert in the track's skill takes the advanced level", 1, 2),
                tuple("Advanced in the track's skill takes the intermediate level", 0, 1),
                tuple("Everyone else takes the foundation level", 3, 1));
        assertThat(report.moved()).extracting("candidateId", "name", "from", "to").containsExactly(
                tuple("c1", "A. C.", "general-aptitude-foundation", "backend-jvm-advanced"),
                tuple("c2", "A. C.", "backend-python-foundation", "backend-jvm-intermediate"));
        assertThat(report.toText()).contains("general-aptitude-foundation -> backend-jvm-advanced: 1")
                .contains("INVITED 4 -> 4").doesNotContain("Ada").doesNotContain("@example.com");
    }

    @Test
    void theCommandLineBacktestReadsTheProcessSettingsAndPrintsTheReport() throws Exception {
        database.close(); // an H2 file is open in one process at a time
        String url = "jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath();
        try (ChildJvm cli = ChildJvm.start(Map.of("DB_URL", url), tmp.resolve("out.txt"), "rules", "backtest",
                quarkusRules.toString(), "--since", "P3650D")) {
            assertThat(cli.exitCode(Duration.ofSeconds(60))).as(cli.output()).isZero();
            assertThat(cli.output()).contains("4 candidates").contains("2 decision(s) change")
                    .contains("general-aptitude-foundation -> backend-jvm-advanced: 1")
                    .contains("backend-python-foundation -> backend-jvm-intermediate: 1")
                    .contains("int-1/c1 A. C.: general-aptitude-foundation [ASSESSMENT, EMAIL] -> backend-jvm-advanced");
        }
        try (ChildJvm cli = ChildJvm.start(Map.of("DB_URL", url), tmp.resolve("usage.txt"), "rules", "backtest")) {
            assertThat(cli.exitCode(Duration.ofSeconds(60))).as(cli.output()).isEqualTo(2);
            assertThat(cli.output()).contains("rules backtest <rules-location> [--since P30D]");
        }
        // A tool run beside the process never migrates: a database that is not at this version is refused.
        String empty = "jdbc:h2:file:" + tmp.resolve("empty").toAbsolutePath();
        try (ChildJvm cli = ChildJvm.start(Map.of("DB_URL", empty), tmp.resolve("empty.txt"), "rules", "backtest",
                quarkusRules.toString())) {
            assertThat(cli.exitCode(Duration.ofSeconds(60))).as(cli.output()).isEqualTo(1);
            assertThat(cli.output()).contains("cannot backtest").contains("not applied");
        }
        database = TestDatabases.open("h2", tmp);
    }

    @Test
    void candidatesTheGateKeepsOutCountAsNotInvitedAndAChangedGateInvitesThem() throws Exception {
        storeWithApplication("g1", "Phone Screen");        // not an assessment stage today
        storeWithApplication("g2", "Technical Assessment"); // invited either way
        Path phoneScreen = Files.createDirectories(tmp.resolve("phone-screen"));
        String live = Files.readString(Path.of("rules/assessment-routing.drl"));
        String changed = live.replace("    insert(new AssessmentStage(\"technical screen\"));",
                "    insert(new AssessmentStage(\"technical screen\"));\n    insert(new AssessmentStage(\"phone screen\"));");
        assertThat(changed).isNotEqualTo(live);
        Files.writeString(phoneScreen.resolve("assessment-routing.drl"), changed);

        BacktestReport report = backtests().run(phoneScreen.toString(), null);

        // c1..c4 (applications not tracked: the gate is open) plus g1 and g2.
        assertThat(report.candidates()).isEqualTo(6);
        assertThat(report.invited()).isEqualTo(new BacktestReport.Invited(5, 6, 1, 0));
        assertThat(report.transitions()).extracting("from", "to", "candidates")
                .containsExactly(tuple(BacktestReport.NOT_INVITED, "backend-jvm-advanced", 1));
        assertThat(report.moved()).extracting("candidateId").containsExactly("g1");
        assertThat(report.channels()).extracting("channel", "change").contains(tuple(Channel.EMAIL, 1));
    }

    @Test
    void sinceLeavesOutCandidatesNotChangedWithinIt() {
        BacktestReport report = backtests().run(quarkusRules.toString(), Duration.ofDays(30));
        assertThat(report.candidates()).as("c4 last changed 60 days ago").isEqualTo(3);
        assertThat(report.assessments()).extracting("assessment", "before", "after").contains(
                tuple("general-aptitude-foundation", 1, 0));
    }

    @Test
    void theLiveRulesAgainstThemselvesChangeNothing() {
        BacktestReport report = backtests().run("rules", null);
        assertThat(report.changedDecisions()).isZero();
        assertThat(report.transitions()).isEmpty();
        assertThat(report.rules()).isEmpty();
        assertThat(report.liveVersion()).isEqualTo(report.changedVersion());
    }

    @Test
    void pastedRulesThatDoNotCompileAreRefusedWithTheirFileLineAndColumn() throws Exception {
        String broken = Files.readString(quarkusRules.resolve("assessment-routing.drl"))
                .replace("CandidateProfile( yearsOfExperience >= 8 )", "CandidateProfile( yearsExperince >= 8 )");
        ObjectNode request = mapper.createObjectNode();
        request.putObject("files").put("assessment-routing.drl", broken);

        assertThatThrownBy(() -> backtests().runPasted(mapper.writeValueAsBytes(request)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("assessment-routing.drl:")
                .hasMessageContaining("yearsExperince")
                .hasMessageNotContaining(System.getProperty("java.io.tmpdir"))
                .hasCauseInstanceOf(RuleCompilationException.class);
    }

    @Test
    void pastedRulesAreBacktestedAndTheirFolderIsRemoved() throws Exception {
        ObjectNode request = mapper.createObjectNode();
        request.putObject("files").put("assessment-routing.drl",
                Files.readString(quarkusRules.resolve("assessment-routing.drl")));
        request.put("since", "P30D");

        BacktestReport report = backtests().runPasted(mapper.writeValueAsBytes(request));

        assertThat(report.candidates()).isEqualTo(3);
        assertThat(report.changedDecisions()).isEqualTo(2);
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("backtest-")).toList()).isEmpty();
        }
    }

    @Test
    void aCandidateTheAtsOrderedIsBacktestedWithTheirOrderAsThePipelineDecidesThem() {
        var orders = new dev.candidaterouter.candidate.AssessmentOrderRepository(database.dataSource(),
                Clock.fixed(NOW, ZoneOffset.UTC), mapper);
        orders.accept("int-1", new dev.candidaterouter.candidate.AssessmentOrder("ats_ass_1", "pkg_x", null, null, null, "c1"),
                java.util.List.of(), 1);
        BacktestReport report = new RuleBacktests(new CandidateRepository(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC)),
                mapper, "rules", Clock.fixed(NOW, ZoneOffset.UTC), orders).run(quarkusRules.toString(), null);

        // c1 stays with the ordered package under both rule sets; only c2 moves.
        assertThat(report.changedDecisions()).isEqualTo(1);
        assertThat(report.moved()).extracting("candidateId").containsExactly("c2");
        assertThat(report.assessments()).extracting("assessment", "before", "after").contains(tuple("pkg_x", 1, 1));
    }

    @Test
    void oneBacktestAtATimeTheSecondIsToldToComeBack() throws Exception {
        String holding = Files.readString(quarkusRules.resolve("assessment-routing.drl")) + """

                rule "Hold the backtest"
                when
                    CandidateProfile( candidateId == "c1" )
                then
                    dev.candidaterouter.assessment.HeldRule.holdUntilReleased();
                end
                """;
        ObjectNode request = mapper.createObjectNode();
        request.putObject("files").put("assessment-routing.drl", holding);
        byte[] body = mapper.writeValueAsBytes(request);
        RuleBacktests backtests = backtests();
        java.util.concurrent.CompletableFuture<BacktestReport> first =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> backtests.runPasted(body));
        assertThat(HeldRule.ENTERED.await(60, java.util.concurrent.TimeUnit.SECONDS)).as("the first backtest runs its rules")
                .isTrue();

        assertThatThrownBy(() -> backtests.runPasted(body)).isInstanceOf(BacktestRunning.class);

        HeldRule.RELEASE.countDown();
        assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS).candidates()).isEqualTo(4);
    }

    @Test
    void aBadRequestIsNamed() {
        assertThatThrownBy(() -> backtests().runPasted("{\"files\":{\"../x.drl\":\"\"}}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("'../x.drl' is not a rule file name");
        assertThatThrownBy(() -> backtests().runPasted("{\"files\":{\"a.drl\":\"\"},\"since\":\"30 days\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("since must be an ISO-8601 duration like P30D");
        assertThatThrownBy(() -> backtests().runPasted("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("expected {\"files\"");
        assertThatThrownBy(() -> backtests().runPasted("{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("the request is not JSON");
    }

    private RuleBacktests backtests() {
        return new RuleBacktests(new CandidateRepository(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC)), mapper,
                "rules", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A Java expert with applications tracked and one ACTIVE application in {@code stage}. */
    private void storeWithApplication(String id, String stage) throws Exception {
        ObjectNode spec = mapper.createObjectNode().put("candidateId", id).put("integrationId", "int-1")
                .put("firstName", "Gil").put("lastName", "Gate").put("preferredEmail", id + "@example.com")
                .put("applicationsTracked", true);
        spec.putArray("skills").addObject().put("name", "Java").put("proficiency", "Expert");
        spec.putArray("applications").addObject().put("id", "app-" + id).put("status", "ACTIVE").put("stage", stage);
        CandidateRepository repository = new CandidateRepository(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(repository.accept("int-1", id, true, null, 1,
                mapper.writeValueAsString(ProfileSpec.toProfile(spec))).accepted()).isTrue();
    }

    /** Stores a candidate as the pipeline does: the profile's JSON in the candidate table, changed at {@code at}. */
    private void store(String id, Instant at, String... skillsAndLevels) throws Exception {
        ObjectNode spec = mapper.createObjectNode().put("candidateId", id).put("integrationId", "int-1")
                .put("firstName", "Ada").put("lastName", "Coder").put("preferredEmail", id + "@example.com");
        var skills = spec.putArray("skills");
        for (int i = 0; i < skillsAndLevels.length; i += 2) {
            skills.addObject().put("name", skillsAndLevels[i]).put("proficiency", skillsAndLevels[i + 1]);
        }
        CandidateProfile profile = ProfileSpec.toProfile(spec);
        CandidateRepository repository = new CandidateRepository(database.dataSource(), Clock.fixed(at, ZoneOffset.UTC));
        assertThat(repository.accept("int-1", id, true, null, 1, mapper.writeValueAsString(profile)).accepted()).isTrue();
    }
}
