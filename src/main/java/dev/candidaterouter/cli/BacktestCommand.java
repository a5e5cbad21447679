package dev.candidaterouter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.candidaterouter.assessment.BacktestReport;
import dev.candidaterouter.assessment.RuleBacktests;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import dev.candidaterouter.candidate.AssessmentOrderRepository;
import dev.candidaterouter.candidate.CandidateRepository;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.camel.drools.RuleLocation;
import dev.candidaterouter.writeback.AtsNotes;
import dev.candidaterouter.writeback.GreenhouseNotes;
import dev.candidaterouter.writeback.ResultBacktests;
import dev.candidaterouter.writeback.RuleSetBacktests;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.impl.engine.DefaultClassResolver;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code rules backtest <rules-location> [--since P30D] [--ruleset assessment-routing|result-actions]}: the analysts'
 * what-if on the command line. Reads the same settings as the running process (DB_URL, DB_USER, DB_PASSWORD,
 * RULES_DIR, RULES_RESULTS_DIR, ATS_NOTES, through application.properties), decides every stored candidate (routing
 * rules) or every stored result (result rules) with the live rules and with the given ones, and prints what would
 * change. Without {@code --ruleset}, a folder named {@code results}, or one whose DRL uses the result facts
 * ({@code dev.candidaterouter.writeback.}), holds result rules; any other, routing rules.
 * Exit code 0 when it ran, 1 when it could not (rules that do not compile, no database), 2 for a wrong command line.
 */
final class BacktestCommand {
    static final String USAGE = "usage: java -jar target/candidate-router.jar rules backtest <rules-location> [--since P30D]"
            + " [--ruleset assessment-routing|result-actions]";

    private BacktestCommand() {
    }

    static int run(String[] args, PrintStream out) {
        Duration since = null;
        String ruleset = null;
        if (args.length == 0 || args.length % 2 == 0 || args[0].startsWith("--")) {
            out.println(USAGE);
            return 2;
        }
        try {
            for (int i = 1; i < args.length; i += 2) {
                switch (args[i]) {
                    case "--since" -> since = RuleBacktests.since(args[i + 1]);
                    case "--ruleset" -> {
                        ruleset = args[i + 1];
                        if (!List.of(RuleSetBacktests.ROUTING, RuleSetBacktests.RESULTS).contains(ruleset)) {
                            throw new IllegalArgumentException("--ruleset must be " + RuleSetBacktests.ROUTING + " or "
                                    + RuleSetBacktests.RESULTS + ", was '" + ruleset + "'");
                        }
                    }
                    default -> {
                        out.println(USAGE);
                        return 2;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        String location = args[0];
        // Only to read the process's own settings file: its environment variables and defaults, {{envsecret:}} included.
        CamelContext settings = new DefaultCamelContext();
        settings.getPropertiesComponent().setLocation("classpath:application.properties");
        try {
            boolean results = ruleset == null ? holdsResultRules(location) : ruleset.equals(RuleSetBacktests.RESULTS);
            String url = settings.resolvePropertyPlaceholders("{{db.url}}");
            try (Database database = Database.openWithoutMigrating(url, settings.resolvePropertyPlaceholders("{{db.user}}"),
                    settings.resolvePropertyPlaceholders("{{db.password}}"), 2)) {
                Clock clock = Clock.systemUTC();
                ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
                if (results) {
                    out.print(resultBacktests(database.dataSource(), clock, mapper, settings).run(location, since).toText());
                    return 0;
                }
                RuleBacktests backtests = new RuleBacktests(new CandidateRepository(database.dataSource(), clock),
                        mapper, settings.resolvePropertyPlaceholders("{{rules.dir}}"), clock,
                        new AssessmentOrderRepository(database.dataSource(), clock, mapper));
                BacktestReport report = backtests.run(location, since);
                out.print(report.toText());
                return 0;
            }
        } catch (RuleCompilationException e) {
            out.println(e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            out.println("cannot backtest: " + message);
            if (message.contains("already in use")) {
                out.println("the embedded database is open in the running candidate-router: use POST /rules/backtest, "
                        + "or stop it first");
            }
            return 1;
        } finally {
            settings.stop();
        }
    }

    /** The result rules' backtest, its facts built as the running process builds them (read-only parts only). */
    private static ResultBacktests resultBacktests(DataSource dataSource, Clock clock, ObjectMapper mapper,
            CamelContext settings) {
        AtsNotes notes = new AtsNotes(settings.resolvePropertyPlaceholders("{{ats.notes}}"), new GreenhouseNotes(mapper,
                settings.resolvePropertyPlaceholders("{{greenhouse.note-user-id}}"),
                settings.resolvePropertyPlaceholders("{{greenhouse.note-visibility}}")));
        return ResultBacktests.outsideTheProcess(dataSource, clock, mapper,
                settings.resolvePropertyPlaceholders("{{rules.results-dir}}"), notes);
    }

    /** A folder named {@code results}, or one whose rule files use the result facts, holds result rules. */
    static boolean holdsResultRules(String location) {
        Path folder = RuleLocation.resolve(location, new DefaultClassResolver()).folder();
        if (folder.getFileName() != null && folder.getFileName().toString().equals("results")) {
            return true;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path drl : files.filter(f -> f.getFileName().toString().endsWith(".drl")).toList()) {
                if (Files.readString(drl).contains("dev.candidaterouter.writeback.")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            // Not a folder we can list: the routing backtest says what is wrong with it.
            return false;
        }
    }
}
