package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: the system's Chromium, headless, through the system's chromedriver (Debian's
 * {@code chromium} and {@code chromium-driver}; .ci/run installs them), against the running app after a sandbox
 * sync sent live to local stand-ins of the providers, so every page shows the samples' real decisions, sends and
 * failed sends. Each test signs in as a user would and saves a
 * screenshot under target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final String CONSOLE_TOKEN = "console-token-for-browser-tests";
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");
    private static final int DATA_TYPES = 3;
    private static final Path LIVE_RULES = Path.of("rules/assessment-routing.drl");
    private static final String TWILIO_ACCOUNT = "ACconsole0001";
    private static final String SMS_PATH = "/2010-04-01/Accounts/" + TWILIO_ACCOUNT + "/Messages.json";

    // Static: made before @BeforeAll (one app and one browser for the class).
    @TempDir
    static Path home;
    @TempDir
    static Path browserProfile;

    WireMockServer providers;
    GreenMail mail;
    RunningApp app;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        File chromium = executable("CHROMIUM_BIN", "/usr/bin/chromium");
        File chromedriver = executable("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");

        // The live rules are a copy the rule-versions test changes; the shadow rules make experts intermediate.
        Path rules = Files.createDirectories(home.resolve("rules"));
        Files.copy(LIVE_RULES, rules.resolve("assessment-routing.drl"));
        Path shadow = Files.createDirectories(home.resolve("shadow-rules"));
        Files.writeString(shadow.resolve("assessment-routing.drl"), expertsIntermediate(Files.readString(LIVE_RULES)));
        // Live sends to local stand-ins: WireMock plays the assessment platform and Twilio, which refuses every SMS
        // (an invalid number, for good) so the dead-letter page has real failed sends; GreenMail is the mail server.
        providers = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        providers.start();
        providers.stubFor(post(urlEqualTo("/invitations")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"invitationId\":\"inv-1\",\"testUrl\":\"https://tests.example.com/t/inv-1\"}")));
        providers.stubFor(post(urlPathEqualTo(SMS_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\",\"status\":400}")));
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();

        Map<String, String> settings = RunningApp.defaults(home);
        settings.put("dispatch.mode", "live");
        settings.put("knit.sandbox.allow-live-dispatch", "true"); // local stand-ins for the providers: a staging setup
        settings.put("assessment.api-url", providers.baseUrl());
        settings.put("assessment.api-token", "assessment-token-for-browser-tests");
        settings.put("twilio.base-url", providers.baseUrl());
        settings.put("twilio.account-sid", TWILIO_ACCOUNT);
        settings.put("twilio.auth-token", "twilio-token-for-browser-tests");
        settings.put("smtp.host", "127.0.0.1");
        settings.put("smtp.port", String.valueOf(mail.getSmtp().getPort()));
        settings.put("mail.from", "assessments@hiring.example.com");
        settings.put("rules.dir", rules.toString());
        settings.put("rules.shadow-dir", shadow.toString());
        settings.put("knit.data-types", RunningApp.ALL_DATA_TYPES);
        settings.put("knit.sync-on-start", "true");
        settings.put("console.token", CONSOLE_TOKEN);
        app = RunningApp.start(home, settings);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM sync_run WHERE event_type = 'sync.events.processed'") >= DATA_TYPES
                        && app.jdbc().count("SELECT COUNT(*) FROM inbox_event WHERE status IN ('received', 'processing')") == 0
                        && app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE status IN ('pending', 'sending')") == 0);

        // Never Selenium Manager: the drivers are the system's, and the build machine has no network for downloads.
        System.setProperty("SE_OFFLINE", "true");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + browserProfile.toAbsolutePath(), "--window-size=1280,1000");
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 1000));
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    /** Experts take the intermediate level, no longer the advanced one. */
    private static String expertsIntermediate(String rules) {
        String changed = rules.replace("skill.proficiency == Proficiency.EXPERT )\n    not BaseLevel()\nthen\n    insert(new BaseLevel(\"advanced\"));",
                "skill.proficiency == Proficiency.EXPERT )\n    not BaseLevel()\nthen\n    insert(new BaseLevel(\"intermediate\"));");
        assertThat(changed).isNotEqualTo(rules);
        return changed;
    }

    /** The browser and its driver come from the system: a missing one fails the build with how to install it. */
    private static File executable(String variable, String standard) {
        File file = new File(System.getenv().getOrDefault(variable, standard));
        if (!file.canExecute()) {
            throw new IllegalStateException("The console's browser tests need Chromium and its driver: " + file
                    + " is missing. Install them with `apt-get install chromium chromium-driver` (as .ci/run does), or "
                    + "point " + variable + " at them.");
        }
        return file;
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (providers != null) {
            providers.stop();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.get(app.uri("/console/").toString());
        WebElement signOut = browser.findElement(By.id("sign-out"));
        if (signOut.isDisplayed()) {
            signOut.click();
        }
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    }

    private void signIn() {
        browser.findElement(By.id("token")).sendKeys(CONSOLE_TOKEN);
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-overview")));
    }

    private void screenshot(String name) throws IOException {
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private void open(String page) {
        browser.findElement(By.cssSelector("#nav a[data-page='" + page + "']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-" + page)));
    }

    @Test
    void aWrongTokenIsRefusedAndShowsNoData() throws IOException {
        browser.findElement(By.id("token")).sendKeys("not-the-console-token-at-all");
        browser.findElement(By.id("signin-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "missing or wrong"));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("page-overview")).isDisplayed()).isFalse();
        screenshot("01-sign-in-refused");
    }

    @Test
    void signInShowsTheOverviewChartDrawnFromTheDecisions() throws IOException {
        signIn();
        WebElement chart = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#decisions-chart canvas")));
        assertThat(chart.getSize().getHeight()).isPositive();
        assertThat(Long.parseLong(browser.findElement(By.id("decisions-chart")).getDomAttribute("data-points")))
                .as("points drawn for the days with decisions").isPositive();
        assertThat(browser.findElement(By.id("decisions-chart")).getText()).contains("backend-jvm-advanced").contains("not invited");
        assertThat(browser.findElement(By.cssSelector("#invited-chart canvas")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("rules-chart")).getText()).contains("The assessment is the track at the level");
        long decisions = app.jdbc().count("SELECT COUNT(*) FROM decision");
        assertThat(browser.findElement(By.id("overview-cards")).getText()).contains(decisions + "\ndecisions in 14 days");
        assertThat(browser.findElement(By.id("sends-table")).getText()).contains("ASSESSMENT").contains("sent");
        assertThat(browser.findElement(By.id("rules-table")).getText()).contains("The assessment is the track at the level");
        screenshot("02-overview");
    }

    @Test
    void aCandidateOpensWithTheirTimelineMaskedUntilRevealed() throws IOException {
        String candidate = app.jdbc().queryOne("SELECT MIN(candidate_id) FROM dispatch WHERE channel = 'EMAIL'",
                rs -> rs.getString(1)).orElseThrow();
        String email = app.jdbc().queryOne("SELECT profile_json FROM candidate WHERE candidate_id = ?", rs -> rs.getString(1), candidate)
                .map(json -> json.replaceAll("(?s).*\"preferredEmail\"\\s*:\\s*\"([^\"]+)\".*", "$1")).orElseThrow();
        signIn();
        open("candidate");
        browser.findElement(By.id("candidate-id")).sendKeys(candidate);
        browser.findElement(By.id("candidate-open")).click();
        WebElement timeline = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("candidate-timeline")));
        List<WebElement> entries = timeline.findElements(By.tagName("li"));
        long expected = app.jdbc().count("SELECT COUNT(*) FROM decision WHERE candidate_id = ?", candidate)
                + app.jdbc().count("SELECT COUNT(*) FROM dispatch WHERE candidate_id = ?", candidate);
        assertThat(entries).hasSizeGreaterThanOrEqualTo((int) expected);
        assertThat(timeline.getText()).contains("decision").contains("send (invitation)").contains("EMAIL");
        assertThat(browser.findElement(By.id("candidate-view")).getText()).doesNotContain(email).contains("Personal data masked");
        screenshot("03-candidate-masked");

        browser.findElement(By.id("candidate-reveal")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("candidate-masking"), "revealed"));
        assertThat(browser.findElement(By.id("candidate-view")).getText()).contains(email);
    }

    @Test
    void aDeadLetterIsReplayedAndSentAgain() throws IOException {
        // Twilio refused every SMS for good: they wait for a person.
        long id = app.jdbc().queryOne("SELECT MIN(id) FROM dispatch WHERE channel = 'SMS' AND status = 'failed_permanent'",
                rs -> rs.getLong(1)).orElseThrow();
        assertThat(id).as("an SMS that failed for good").isPositive();
        signIn();
        open("dead-letters");
        WebElement replay = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#dead-sends button.replay[data-id='" + id + "']")));
        assertThat(browser.findElement(By.id("dead-sends")).getText()).contains("21211").contains("failed_permanent");
        screenshot("04-dead-letters");

        // The number is fixed at Twilio's end; the operator replays the send.
        int smsBefore = providers.findAll(postRequestedFor(urlPathEqualTo(SMS_PATH))).size();
        providers.stubFor(post(urlPathEqualTo(SMS_PATH)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SMconsole0001\",\"status\":\"queued\"}")));
        replay.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("replay-result"), "Replayed 1 (send " + id + ")"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#dead-sends button.replay[data-id='" + id + "']")));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.jdbc().queryOne("SELECT status FROM dispatch WHERE id = ?", rs -> rs.getString(1), id).orElseThrow().equals("sent"));
        assertThat(providers.findAll(postRequestedFor(urlPathEqualTo(SMS_PATH)))).hasSize(smsBefore + 1);
        assertThat(app.jdbc().queryOne("SELECT provider_id FROM dispatch WHERE id = ?", rs -> rs.getString(1), id)).hasValue("SMconsole0001");
        // The other refused SMS are still there, untouched.
        assertThat(browser.findElement(By.id("dead-sends")).getText()).contains("failed_permanent");
        screenshot("05-dead-letter-replayed");
    }

    @Test
    void aBacktestOfAPastedRuleShowsTheCountsAndWhoMovesWhere() throws IOException {
        // Experts take the intermediate level, no longer the advanced one, and a senior title no longer raises
        // intermediate to advanced: advanced candidates without eight years of experience move down a level.
        String live = Files.readString(LIVE_RULES);
        String changed = expertsIntermediate(live).replace("SeniorTitle()\n    BaseLevel( level == \"intermediate\" )",
                "SeniorTitle()\n    BaseLevel( level == \"none\" )");
        assertThat(changed).doesNotContain("BaseLevel( level == \"intermediate\" )");
        assertThat(changed).isNotEqualTo(live);
        signIn();
        open("backtest");
        WebElement drl = browser.findElement(By.id("backtest-drl"));
        // Pasted as a user would; the script sets it at once (typing 20 KB key by key would take minutes).
        browser.executeScript("arguments[0].value = arguments[1];", drl, changed);
        browser.findElement(By.id("backtest-run")).click();
        WebElement matrix = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("backtest-matrix")));
        long stored = app.jdbc().count("SELECT COUNT(*) FROM candidate WHERE state = 'active' AND profile_json IS NOT NULL");
        String result = browser.findElement(By.id("backtest-result")).getText();
        browser.executeScript("arguments[0].scrollIntoView();", browser.findElement(By.id("backtest-result")));
        screenshot("06-backtest");
        assertThat(result).contains(stored + "\ncandidates").contains("Candidates per assessment, before → after");
        assertThat(matrix.getTagName()).as("someone moves: a matrix, not 'Nobody changes': %s", result).isEqualTo("table");
        assertThat(matrix.getText()).contains("advanced").contains("intermediate");
    }

    @Test
    void aBacktestOfPastedResultRulesShowsTheWritesToTheAtsBeforeAndAfter() throws IOException {
        String live = Files.readString(Path.of("rules/results/result-actions.drl"));
        String raised = live.replace("insert(new DefaultPassMark(70));", "insert(new DefaultPassMark(80));");
        assertThat(raised).isNotEqualTo(live);
        signIn();
        open("backtest");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("backtest-ruleset"))).selectByValue("result-actions");
        assertThat(browser.findElement(By.id("backtest-file-name")).getAttribute("value")).isEqualTo("result-actions.drl");
        browser.executeScript("arguments[0].value = arguments[1];", browser.findElement(By.id("backtest-drl")), raised);
        browser.findElement(By.id("backtest-run")).click();
        WebElement writes = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("backtest-writes")));
        // The count itself is the unit and HTTP tests' (results may still arrive here from the simulated platform).
        String result = browser.findElement(By.id("backtest-result")).getText();
        assertThat(result).containsPattern("\\d+\nresults\n").contains("Verdicts, before → after");
        assertThat(writes.getText()).contains("attachment").contains("stage move").contains("order update").contains("note");
    }

    @Test
    void ruleVersionsListWhatWentLiveAndDiffTwoOfThem() throws IOException {
        Path drl = home.resolve("rules/assessment-routing.drl");
        long versions = app.jdbc().count("SELECT COUNT(*) FROM ruleset_version WHERE ruleset = 'assessment-routing'");
        Files.writeString(drl, Files.readString(drl).replace("List.of(\"python\", \"django\"", "List.of(\"python\", \"pandas-ai\", \"django\""));
        Files.setLastModifiedTime(drl, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.jdbc().count("SELECT COUNT(*) FROM ruleset_version WHERE ruleset = 'assessment-routing'") == versions + 1);
        String newest = app.jdbc().queryOne("SELECT version FROM ruleset_version WHERE ruleset = 'assessment-routing' "
                + "ORDER BY first_live_at DESC", rs -> rs.getString(1)).orElseThrow();
        signIn();
        open("rules");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("versions"), newest));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("diff-form")));
        browser.findElement(By.cssSelector("#diff-form button")).click();
        WebElement diff = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#diff pre.diff")));
        assertThat(diff.getText()).contains("+    insert(new TrackSkills(\"backend-python\"").contains("pandas-ai");
        assertThat(diff.findElements(By.cssSelector("span.add"))).isNotEmpty();
        screenshot("07-rule-versions");
    }

    @Test
    void theShadowComparisonShowsWhereTheShadowRulesDisagree() throws IOException {
        long compared = app.jdbc().count("SELECT COUNT(*) FROM shadow_decision");
        assertThat(compared).isPositive();
        signIn();
        open("shadow");
        WebElement view = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#shadow-view table")));
        String text = browser.findElement(By.id("shadow-view")).getText();
        assertThat(text).contains("agreement").contains("Latest disagreements");
        assertThat(text).as("experts move from advanced to intermediate in the shadow").contains("-advanced").contains("-intermediate");
        assertThat(view.isDisplayed()).isTrue();
        screenshot("08-shadow");
    }
}
