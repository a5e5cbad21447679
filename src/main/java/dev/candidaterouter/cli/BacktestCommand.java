package dev.candidaterouter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.candidaterouter.assessment.BacktestReport;
import dev.candidaterouter.assessment.RuleBacktests;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import dev.candidaterouter.candidate.AssessmentOrderRepository;
import dev.candidaterouter.candidate.CandidateRepository;
import dev.candidaterouter.store.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code rules backtest <rules-location> [--since P30D]}: the analysts' what-if on the command line. Reads the
 * same settings as the running process (DB_URL, DB_USER, DB_PASSWORD, RULES_DIR, through application.properties),
 * decides every stored candidate with the live rules and with the given ones, and prints what would change.
 * Exit code 0 when it ran, 1 when it could not (rules that do not compile, no database), 2 for a wrong command line.
 */
final class BacktestCommand {
    static final String USAGE = "usage: java -jar target/candidate-router.jar rules backtest <rules-location> [--since P30D]";

    private BacktestCommand() {
    }

    static int run(String[] args, PrintStream out) {
        Duration since = null;
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--since"))) {
            out.println(USAGE);
            return 2;
        }
        try {
            if (args.length == 3) {
                since = RuleBacktests.since(args[2]);
            }
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 2;
        }
        // Only to read the process's own settings file: its environment variables and defaults, {{envsecret:}} included.
        CamelContext settings = new DefaultCamelContext();
        settings.getPropertiesComponent().setLocation("classpath:application.properties");
        try {
            String url = settings.resolvePropertyPlaceholders("{{db.url}}");
            try (Database database = Database.openWithoutMigrating(url, settings.resolvePropertyPlaceholders("{{db.user}}"),
                    settings.resolvePropertyPlaceholders("{{db.password}}"), 2)) {
                Clock clock = Clock.systemUTC();
                ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
                RuleBacktests backtests = new RuleBacktests(new CandidateRepository(database.dataSource(), clock),
                        mapper, settings.resolvePropertyPlaceholders("{{rules.dir}}"), clock,
                        new AssessmentOrderRepository(database.dataSource(), clock, mapper));
                BacktestReport report = backtests.run(args[0], since);
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
}
