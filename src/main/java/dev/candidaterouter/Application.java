package dev.candidaterouter;

import dev.candidaterouter.camel.drools.RuleCompilationException;
import dev.candidaterouter.cli.RulesCommand;
import dev.candidaterouter.config.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process entry point. Without arguments (or {@code run}) it runs candidate-router (Camel Main, routes from
 * {@code routes/}); {@code rules check|test [location]} runs the analysts' rule tools; {@code knit-sandbox ...} runs
 * the Knit simulator on its own; {@code --help} says so.
 */
public final class Application {
    /** Exit code of a start-up that failed on a setting or on the rules: the operator has something to fix. */
    static final int CONFIGURATION_ERROR = 2;

    static final String USAGE = """
            usage: java -jar candidate-router.jar [command]     (in the distribution: bin/candidate-router [command])

              (no command), run             run candidate-router: webhook, pipeline, rules, dispatch
                                            (settings: environment variables, see README.md "Configuration")
              rules check [rules-location]  compile the rule files, list every error as file:line:column message
              rules test [rules-location]   run the scenarios in <location>/tests/*.yaml (rules/README.md)
              rules backtest <rules-location> [--since P30D]
                                            what changed rules would decide for the stored candidates
              knit-sandbox [options]        run the Knit simulator on its own (knit-sandbox --help for its options)
              --help, -h                    this text

            Run it from the folder that holds routes/, rules/, templates/ and samples/ (the project, or the unpacked
            distribution, whose script goes there itself) or set ROUTES_DIR, RULES_DIR, TEMPLATES_DIR and
            KNIT_SANDBOX_SAMPLES. Exit codes: 0 stopped normally, 2 a setting or the
            rules are wrong (one line says which), 1 anything else.""";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "--help", "-h", "help" -> {
                System.out.println(USAGE);
                System.exit(0);
            }
            case "rules" -> {
                // The tools print their own report; the embedded Camel context's start/stop lines are noise there.
                Configurator.setRootLevel(Level.WARN);
                Configurator.setLevel("org.apache.camel", Level.WARN);
                System.exit(RulesCommand.run(rest, System.out));
            }
            case "knit-sandbox" -> dev.candidaterouter.knit.sandbox.KnitSandboxMain.main(rest);
            case "run" -> System.exit(run());
            default -> {
                System.err.println("candidate-router: unknown command '" + command + "'\n\n" + USAGE);
                System.exit(CONFIGURATION_ERROR);
            }
        }
    }

    /**
     * Runs until stopped. A start that fails ends the process with a non-zero code — never a JVM that lives on
     * with half its services (the Knit sandbox, the database) running and looks healthy to a supervisor.
     */
    private static int run() {
        String logFormat = System.getenv().getOrDefault("LOG_FORMAT", "plain");
        if (!logFormat.equals("plain") && !logFormat.equals("json")) {
            // Checked before logging starts: log4j2.xml would find no appender of that name and log nothing at all.
            System.err.println("configuration error: LOG_FORMAT must be plain or json, was '" + logFormat + "'");
            return CONFIGURATION_ERROR;
        }
        Logger log = LoggerFactory.getLogger(Application.class);
        String routes = System.getenv().getOrDefault("ROUTES_DIR", "routes");
        // Checked here, not with the other folders (RequiredPaths): Camel Main collects the routes before it runs
        // our configuration, and fails on a missing folder with a bare NoSuchFileException.
        if (!Files.isDirectory(Path.of(routes))) {
            log.error("configuration error: no routes folder at {} -- run from the project folder (where routes/, rules/, "
                    + "templates/ and samples/ are) or set ROUTES_DIR", Path.of(routes).toAbsolutePath());
            return CONFIGURATION_ERROR;
        }
        StartupErrorFilter.install();
        Main main = newMain();
        try {
            main.run();
            return main.getExitCode();
        } catch (Exception | LinkageError e) {
            Optional<String> problem = configurationProblem(e);
            if (problem.isPresent()) {
                log.error("configuration error: {}", problem.get());
                return CONFIGURATION_ERROR;
            }
            log.error("candidate-router could not start", e);
            return 1;
        }
    }

    /**
     * Camel Main with the configuration classes that build the beans the routes call, in this order: first every
     * setting that can be wrong is checked, then come the database and metrics everything uses, the HTTP servers,
     * and the stages of the data flow — dispatch before candidate and assessment, which plan and cancel sends
     * through its table. Instances, not class names: Camel Main would post-process a class it instantiates itself
     * twice, and so build each bean twice.
     * <p>
     * Each class binds one bean per {@code @BindToRegistry} method; a parameter without annotation is the one bean of
     * its type already bound (by an earlier class, or by a method of the same class: Camel runs first the methods
     * that need no other bean of their class). A bean built from another that itself needs a third of the same class
     * is {@code lazy} (built on first use), as candidateLifecycle is.
     */
    static Main newMain() {
        Main main = new Main();
        configurations().forEach(main.configure()::addConfiguration);
        return main;
    }

    /** New instances of the configuration classes, in the order {@link #newMain} registers them (route tests use them too). */
    public static List<CamelConfiguration> configurations() {
        return List.of(new StartupChecks(), new StoreConfiguration(), new HttpConfiguration(), new KnitConfiguration(),
                new ConsentConfiguration(), new DispatchConfiguration(), new CandidateConfiguration(), new AssessmentConfiguration(),
                new WritebackConfiguration(), new ResultsConfiguration(), new BacktestConfiguration(), new AdminConfiguration());
    }

    /**
     * The operator's part of a failed start, if it is one: a wrong setting or rules that do not compile. Camel
     * wraps what our configuration and components throw, so the whole cause chain is searched.
     */
    static Optional<String> configurationProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationException || t instanceof RuleCompilationException) {
                return Optional.of(t.getMessage());
            }
        }
        return Optional.empty();
    }
}
