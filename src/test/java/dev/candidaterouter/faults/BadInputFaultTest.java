package dev.candidaterouter.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import dev.candidaterouter.consent.FormField;
import dev.candidaterouter.consent.TwilioInbound;
import dev.candidaterouter.consent.TwilioSignature;
import dev.candidaterouter.knit.KnitSignature;
import dev.candidaterouter.results.ResultSignature;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input/}, described by {@code cases.csv}) and a few generated
 * giants, posted to one running application: each gets its documented answer and stored outcome, the process
 * stays healthy throughout, and a good event still flows to a decision afterwards.
 */
@ExtendWith(ScenarioReport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong sent = new AtomicLong();

    @TempDir
    static Path tempRoot;

    Path home;
    RunningApp app;

    /** One line of cases.csv. */
    record Case(String file, String contentType, String signing, int status, String outcome, String detail) {
        @Override
        public String toString() {
            return file + " -> " + status + " " + outcome + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** The application's settings; the PostgreSQL variant overrides this. */
    protected Map<String, String> settings(Path home) throws Exception {
        return RunningApp.defaults(home);
    }

    protected String scenario() {
        return "bad-input";
    }

    /** The analysts' token the evaluation probes use. */
    private static final String RULES_TOKEN = "bad-input-rules-token";

    @BeforeAll
    void start() throws Exception {
        home = Files.createDirectories(tempRoot.resolve(scenario()));
        Map<String, String> settings = new HashMap<>(settings(home));
        settings.put("rules.token", RULES_TOKEN);
        TwilioInbound.configure(settings);
        settings.put("assessment.webhook-secret", RESULTS_SECRET);
        settings.put("result.simulated-share", "0");
        app = RunningApp.start(home, settings);
    }

    @AfterAll
    void stop() {
        try {
            // Candidates whose event was acceptable but who got no decision are lost.
            long lost = app.jdbc().count("SELECT COUNT(*) FROM inbox_event i WHERE i.status NOT IN ('quarantined', 'ignored')"
                    + " AND i.event_type IN ('record.new', 'record.modified')"
                    // A job's record decides nobody (ats_jobs cases of the corpus).
                    + " AND i.body NOT LIKE '%\"syncDataType\": \"ats_jobs\"%'"
                    + " AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.event_id = i.event_id)");
            long invited = app.jdbc().count("SELECT COUNT(DISTINCT candidate_id) FROM dispatch WHERE channel = 'ASSESSMENT'");
            long duplicates = Outbox.duplicateInvitations(home.resolve("outbox"));
            ScenarioReport.record(scenario(), sent.get(), invited, duplicates, lost);
            assertThat(lost).as("lost candidates").isZero();
            assertThat(duplicates).as("duplicate invitations").isZero();
        } finally {
            app.close();
        }
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/bad-input/cases.csv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", 6);
            cases.add(new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], f.length > 5 ? f[5] : ""));
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(50);
        return cases.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadInputGetsItsDocumentedAnswerAndStoredOutcome(Case c) throws Exception {
        byte[] body = Files.readAllBytes(Path.of("src/test/resources/bad-input", c.file()));
        Map<String, String> headers = headers(c, body);
        HttpResponse<String> answer = post(body, headers);
        assertThat(answer.statusCode()).as("HTTP status, answer %s", answer.body()).isEqualTo(c.status());
        assertNothingEchoed(headers, answer);
        assertOutcome(sha256(body), c.outcome(), c.detail());
        assertHealthy();
    }

    /** One line of evaluate-cases.csv: a body for {@code POST /rules/evaluate} and its documented answer. */
    record EvaluateCase(String file, String token, int status, String detail) {
        @Override
        public String toString() {
            return "evaluate " + file + " (token " + token + ") -> " + status + " " + detail;
        }
    }

    static Stream<EvaluateCase> evaluateCorpus() throws IOException {
        List<EvaluateCase> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/bad-input/evaluate-cases.csv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", 4);
            cases.add(new EvaluateCase(f[0], f[1], Integer.parseInt(f[2]), f[3]));
        }
        return cases.stream();
    }

    /** Rule evaluation gets the corpus too: a clear JSON answer each time, nothing stored, no path, no stack trace. */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("evaluateCorpus")
    void eachBadBodyToRuleEvaluationGetsItsDocumentedAnswer(EvaluateCase c) throws Exception {
        byte[] body = Files.readAllBytes(Path.of("src/test/resources/bad-input", c.file()));
        long decisions = app.jdbc().count("SELECT COUNT(*) FROM decision");
        HttpResponse<String> answer = evaluate(body, c.token());

        assertThat(answer.statusCode()).as("HTTP status, answer %s", answer.body()).isEqualTo(c.status());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).contains(c.detail()).doesNotContain("storedPath").doesNotContain(home.toString())
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(readTree(answer.body()).isObject()).isTrue();
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM decision")).as("decisions stored").isEqualTo(decisions);
        assertThat(Files.exists(home.resolve("attachments").resolve("evaluate"))).as("evaluation attachments").isFalse();
        assertHealthy();
    }

    /** One line of twilio-cases.csv: a form for {@code POST /webhooks/twilio}, how it is signed, and its outcome. */
    record TwilioCase(String file, String contentType, String signing, int status, String outcome, String detail) {
        @Override
        public String toString() {
            return "twilio " + file + " (" + contentType + ", signature " + signing + ") -> " + status + " " + outcome;
        }
    }

    static Stream<TwilioCase> twilioCorpus() throws IOException {
        List<TwilioCase> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/bad-input/twilio-cases.csv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", 6);
            cases.add(new TwilioCase(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], f[5]));
        }
        return cases.stream();
    }

    /**
     * Twilio's webhook gets the corpus too, in the file's order (a message delivered twice comes after its first
     * delivery): each probe gets its answer and leaves the consent table as documented; no number is echoed.
     */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("twilioCorpus")
    void eachBadTwilioMessageGetsItsDocumentedAnswerAndConsentOutcome(TwilioCase c) throws Exception {
        String raw = Files.readString(Path.of("src/test/resources/bad-input", c.file()));
        List<FormField> fields = TwilioInbound.fields(raw);
        String from = fields.stream().filter(f -> f.name().equals("From")).map(FormField::value).findFirst().orElse("");
        String sid = fields.stream().filter(f -> f.name().equals("MessageSid")).map(FormField::value).findFirst().orElse("");
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", c.contentType()));
        String signature = switch (c.signing()) {
            case "valid" -> TwilioInbound.SIGNATURE.sign(fields);
            case "none" -> null;
            case "garbage" -> "not-base64!";
            case "wrong-token" -> new TwilioSignature("not-" + TwilioInbound.AUTH_TOKEN, TwilioInbound.WEBHOOK_URL).sign(fields);
            case "other-url" -> new TwilioSignature(TwilioInbound.AUTH_TOKEN, "http://10.0.0.5:8080/webhooks/twilio").sign(fields);
            case "tampered" -> TwilioInbound.SIGNATURE.sign(fields.stream()
                    .map(f -> f.name().equals("Body") ? new FormField("Body", "START") : f).toList());
            default -> throw new IllegalArgumentException("unknown signing " + c.signing());
        };
        if (signature != null) {
            headers.put(TwilioSignature.HEADER, signature);
        }
        List<String> before = consentTable();
        sent.incrementAndGet();
        HttpResponse<String> answer = app.post("/webhooks/twilio", raw.getBytes(StandardCharsets.UTF_8), headers);

        assertThat(answer.statusCode()).as("HTTP status, answer %s", answer.body()).isEqualTo(c.status());
        assertThat(answer.body()).contains(c.detail()).doesNotContain("Exception").doesNotContain("\tat ");
        if (!from.isEmpty()) {
            assertThat(answer.body()).as("the number in the answer").doesNotContain(from);
        }
        assertNothingEchoed(headers, answer);
        switch (c.outcome()) {
            case "unchanged" -> assertThat(consentTable()).isEqualTo(before);
            case "opted-out" -> assertThat(consentRow(from)).containsExactly("true", sid);
            case "opted-in" -> assertThat(consentRow(from)).containsExactly("false", sid);
            case "recorded" -> {
                assertThat(consentRow(from)).containsExactly("false", sid);
                assertThat(app.jdbc().queryOne("SELECT last_word FROM sms_consent WHERE phone_e164 = ?", rs -> rs.getString(1), from))
                        .hasValue("OTHER");
            }
            default -> throw new IllegalArgumentException("unknown outcome " + c.outcome());
        }
        assertHealthy();
    }

    private static final String RESULTS_SECRET = "bad-input-results-secret";

    /** One line of results-cases.csv. */
    record ResultCase(String file, String signing, int status, String outcome, String detail) {
        @Override
        public String toString() {
            return "results " + file + " (signature " + signing + ") -> " + status + " " + outcome;
        }
    }

    static Stream<ResultCase> resultsCorpus() throws IOException {
        List<ResultCase> cases = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/bad-input/results-cases.csv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", 5);
            cases.add(new ResultCase(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4]));
        }
        return cases.stream();
    }

    /** The platform's id of the invitation the results probes report on (one candidate, invited once). */
    private String resultsInvitation() throws Exception {
        String candidate = "results-probe";
        if (app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE candidate_id = ?", candidate) == 0) {
            byte[] event = TestEvents.bytes(TestEvents.candidate("record.new", TestEvents.newId(), candidate, "Java", "Expert",
                    "2025-01-01T00:00:00Z"));
            assertThat(app.post("/webhooks/knit", event, TestEvents.signedHeaders(event)).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> app.jdbc().count(
                "SELECT COUNT(*) FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT' AND status = 'sent'", candidate) == 1);
        return app.jdbc().queryOne("SELECT provider_id FROM dispatch WHERE candidate_id = ? AND channel = 'ASSESSMENT'",
                rs -> rs.getString(1), candidate).orElseThrow();
    }

    /**
     * The results webhook gets the corpus too, in the file's order (the good result comes last, then its repeat):
     * each probe gets its documented answer and stored outcome, never a stack trace.
     */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("resultsCorpus")
    void eachBadResultGetsItsDocumentedAnswerAndStoredOutcome(ResultCase c) throws Exception {
        String invitation = resultsInvitation();
        byte[] body = Files.readString(Path.of("src/test/resources/bad-input", c.file())).replace("${invitation}", invitation)
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        ResultSignature signature = new ResultSignature(RESULTS_SECRET);
        switch (c.signing()) {
            case "valid" -> headers.put(ResultSignature.HEADER, signature.sign(body));
            case "none" -> { }
            case "wrong-secret" -> headers.put(ResultSignature.HEADER, new ResultSignature("not-" + RESULTS_SECRET).sign(body));
            case "garbage" -> headers.put(ResultSignature.HEADER, "sha256=not-hex!");
            case "no-prefix" -> headers.put(ResultSignature.HEADER, signature.sign(body).substring("sha256=".length()));
            default -> throw new IllegalArgumentException("unknown signing " + c.signing());
        }
        long inboxBefore = app.jdbc().count("SELECT COUNT(*) FROM result_inbox");
        sent.incrementAndGet();
        HttpResponse<String> answer = app.post("/webhooks/assessment-results", body, headers);

        assertThat(answer.statusCode()).as("HTTP status, answer %s", answer.body()).isEqualTo(c.status());
        assertThat(answer.body()).contains(c.detail()).doesNotContain("Exception").doesNotContain("\tat ");
        String sha = sha256(body);
        switch (c.outcome()) {
            case "nothing" -> assertThat(app.jdbc().count("SELECT COUNT(*) FROM result_inbox")).isEqualTo(inboxBefore);
            case "quarantined" -> assertThat(app.jdbc().queryOne(
                    "SELECT reason FROM result_inbox WHERE body_sha256 = ? AND state = 'quarantined'", rs -> rs.getString(1), sha))
                    .hasValueSatisfying(reason -> assertThat(reason).contains(c.detail()));
            case "pending" -> assertThat(app.jdbc().count("SELECT COUNT(*) FROM result_inbox WHERE body_sha256 = ? AND state = 'waiting'",
                    sha)).isEqualTo(1);
            case "stored", "duplicate" -> assertThat(app.jdbc().count(
                    "SELECT COUNT(*) FROM assessment_result WHERE invitation_id = ? AND status = 'completed'", invitation)).isEqualTo(1);
            default -> throw new IllegalArgumentException("unknown outcome " + c.outcome());
        }
        assertHealthy();
    }

    private List<String> consentTable() {
        return app.jdbc().query("SELECT phone_e164, opted_out, changed_by, changed_at, last_message_at, last_word, last_message_sid"
                + " FROM sms_consent ORDER BY phone_e164", rs -> rs.getString(1) + "|" + rs.getBoolean(2) + "|" + rs.getString(3)
                + "|" + rs.getString(4) + "|" + rs.getString(5) + "|" + rs.getString(6) + "|" + rs.getString(7));
    }

    private List<String> consentRow(String phone) {
        return app.jdbc().queryOne("SELECT opted_out, last_message_sid FROM sms_consent WHERE phone_e164 = ?",
                rs -> List.of(String.valueOf(rs.getBoolean(1)), rs.getString(2)), phone).orElse(List.of());
    }

    @Order(2)
    @Test
    void ruleEvaluationRefusesTwoMegabytesWith413AndTenThousandNestedArraysWith400() throws Exception {
        byte[] big = padded(2 * 1024 * 1024);
        HttpResponse<String> tooLarge = evaluate(big, "rules");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("exceeds the limit of 1048576 bytes");

        String nested = "[".repeat(10_000) + "]".repeat(10_000);
        HttpResponse<String> deep = evaluate(TestEvents.bytes("{\"eventData\":{\"skills\":" + nested + "}}"), "rules");
        assertThat(deep.statusCode()).as(deep.body()).isEqualTo(400);
        assertThat(deep.body()).contains("nesting depth");
        assertHealthy();
    }

    private HttpResponse<String> evaluate(byte[] body, String token) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json"));
        switch (token) {
            case "rules" -> headers.put("Authorization", "Bearer " + RULES_TOKEN);
            case "wrong" -> headers.put("Authorization", "Bearer not-" + RULES_TOKEN);
            case "none" -> { }
            default -> throw new IllegalArgumentException("unknown token " + token);
        }
        return app.post("/rules/evaluate", body, headers);
    }

    @Order(2)
    @Test
    void bodyOfThirtyMegabytesIsRefusedWith413AndNothingStored() throws Exception {
        byte[] body = padded(30 * 1024 * 1024);
        assertThat(post(body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(413);
        assertOutcome(sha256(body), "refused", "");
        assertHealthy();
    }

    @Order(2)
    @Test
    void tenThousandNestedArraysAreQuarantinedNotAStackOverflow() throws Exception {
        String nested = "[".repeat(10_000) + "]".repeat(10_000);
        byte[] body = TestEvents.bytes("{\"eventId\":\"evt-deep\",\"eventType\":\"record.new\",\"recordId\":\"bad-deep\","
                + "\"eventData\":{\"skills\":" + nested + "}}");
        assertThat(post(body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
        assertOutcome(sha256(body), "quarantined", "nesting depth");
        assertHealthy();
    }

    @Order(2)
    @Test
    void tenThousandNestedObjectsAsTheWholeBodyAreQuarantined() throws Exception {
        byte[] body = TestEvents.bytes("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        assertThat(post(body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
        assertOutcome(sha256(body), "quarantined", "nesting depth");
        assertHealthy();
    }

    @Order(2)
    @Test
    void twoMegabyteNameIsStoredAndDecided() throws Exception {
        String name = "N".repeat(2 * 1024 * 1024);
        byte[] body = TestEvents.bytes(TestEvents.candidate("record.new", "evt-huge-name", "bad-huge-name", "Java", "Expert",
                "2025-01-01T00:00:00Z").replace("\"Zoë\"", "\"" + name + "\""));
        assertThat(post(body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
        assertOutcome(sha256(body), "processed", "decision");
        assertHealthy();
    }

    @Order(2)
    @Test
    void numberOfFiveThousandDigitsIsQuarantinedWithTheReason() throws Exception {
        byte[] body = TestEvents.bytes("{\"eventId\":\"evt-long-number\",\"eventType\":\"record.new\",\"recordId\":\"bad-long-number\","
                + "\"eventData\":{\"info\":{\"id\":\"bad-long-number\",\"firstName\":" + "9".repeat(5_000) + "}}}");
        assertThat(post(body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
        assertOutcome(sha256(body), "quarantined", "Number value length");
        assertHealthy();
    }

    @Order(3)
    @Test
    void afterAllBadInputAGoodEventStillFlowsToADecisionAndNothingIsStuck() throws Exception {
        byte[] body = TestEvents.bytes(TestEvents.candidate("record.new", "evt-good-after", "good-after", "Java", "Expert",
                "2025-01-01T00:00:00Z"));
        assertThat(post(body, TestEvents.signedHeaders(body)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = 'good-after'") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = 'good-after' AND status = 'sent'") >= 1);
        assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing', 'failed')")).isZero();
        assertHealthy();
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        sent.incrementAndGet();
        return app.post("/webhooks/knit", body, headers);
    }

    private static Map<String, String> headers(Case c, byte[] body) {
        Map<String, String> h = new HashMap<>(TestEvents.signedHeaders(body));
        if (c.contentType().isEmpty()) {
            h.remove("Content-Type");
        } else {
            h.put("Content-Type", c.contentType());
        }
        String[] signingAndHeader = c.signing().split(";", 2);
        if (signingAndHeader.length == 2) {
            String[] header = signingAndHeader[1].split("=", 2);
            h.put(header[0], header[1]);
        }
        switch (signingAndHeader[0]) {
            case "sandbox" -> { }
            case "none" -> h.remove(KnitSignature.HEADER);
            case "other-key" -> h.put(KnitSignature.HEADER, new KnitSignature("another-customers-key").sign(body));
            case "garbage" -> h.put(KnitSignature.HEADER, "sha256=not-a-signature");
            case "other-body" -> h.put(KnitSignature.HEADER, new KnitSignature(TestEvents.API_KEY).sign(TestEvents.bytes("{}")));
            default -> throw new IllegalArgumentException("unknown signing " + c.signing());
        }
        return h;
    }

    /** No request header comes back: not as a response header, not in the answer's body (Content-Type aside). */
    private static void assertNothingEchoed(Map<String, String> request, HttpResponse<String> answer) {
        request.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                assertThat(answer.headers().firstValue(name)).as("request header %s in the answer", name).isEmpty();
                assertThat(answer.body()).as("value of request header %s in the answer", name).doesNotContain(value);
            }
        });
    }

    /** Waits for the stored row of this body to reach a final state and checks it against the expectation. */
    private void assertOutcome(String sha, String outcome, String detail) {
        if (outcome.equals("refused")) {
            assertThat(app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE body_sha256 = ?", sha)).as("stored rows").isZero();
            return;
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> row(sha).map(r -> !r.status().equals("received")
                && !r.status().equals("processing")).orElse(false));
        Row row = row(sha).orElseThrow();
        switch (outcome) {
            case "quarantined", "ignored" -> {
                assertThat(row.status()).as("inbox status of %s", row).isEqualTo(outcome);
                assertThat(row.reason()).as("reason").contains(detail);
            }
            case "processed" -> {
                assertThat(row.status()).as("inbox status of %s", row).isEqualTo("processed");
                Optional<String> profile = profileOf(row.eventId());
                if (detail.equals("no decision")) {
                    assertThat(profile).isEmpty();
                } else {
                    assertThat(profile).as("decision").isPresent();
                    if (!detail.equals("decision")) {
                        assertThat(texts(profile.get())).as("texts of the stored profile").anyMatch(t -> t.contains(detail));
                    }
                }
            }
            case "dataIssues" -> {
                assertThat(row.status()).as("inbox status of %s", row).isEqualTo("processed");
                JsonNode issues = readTree(profileOf(row.eventId()).orElseThrow()).path("dataIssues");
                List<String> fields = new ArrayList<>();
                issues.forEach(i -> fields.add(i.path("field").asText()));
                assertThat(fields).as("dataIssues %s", issues).contains(detail);
            }
            default -> throw new IllegalArgumentException("unknown outcome " + outcome);
        }
    }

    record Row(String eventId, String status, String reason) {
    }

    private Optional<Row> row(String sha) {
        return app.jdbc().queryOne("SELECT event_id, status, reason FROM inbox_event WHERE body_sha256 = ?",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3)), sha);
    }

    private Optional<String> profileOf(String eventId) {
        return app.jdbc().queryOne("SELECT profile_json FROM decision WHERE event_id = ?", rs -> rs.getString(1), eventId);
    }

    private static List<String> texts(String json) {
        List<String> texts = new ArrayList<>();
        collect(readTree(json), texts);
        return texts;
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node.isTextual()) {
            into.add(node.textValue());
        }
        node.forEach(child -> collect(child, into));
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("stored profile is not JSON: " + e.getMessage(), e);
        }
    }

    private void assertHealthy() throws Exception {
        HttpResponse<String> health = app.get("/observe/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("UP");
    }

    private static byte[] padded(int size) {
        byte[] prefix = "{\"eventId\":\"evt-30mb\",\"eventType\":\"record.new\",\"pad\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'x');
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    static String sha256(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

}
