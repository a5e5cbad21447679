package dev.candidaterouter;

import java.util.Arrays;
import org.apache.camel.main.Main;

/**
 * The process entry point. Without arguments it runs candidate-router (Camel Main, routes from {@code routes/});
 * {@code rules check|test [dir]} runs the analysts' rule tools; {@code knit-sandbox ...} runs the Knit simulator
 * on its own.
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("rules")) {
            // The tools print their own report; the embedded Camel context's start/stop lines are noise there.
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.camel", org.apache.logging.log4j.Level.WARN);
            System.exit(RulesCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (args.length > 0 && args[0].equals("knit-sandbox")) {
            dev.candidaterouter.knit.sandbox.KnitSandboxMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        String routes = System.getenv().getOrDefault("ROUTES_DIR", "routes");
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of(routes))) {
            System.err.println("candidate-router: no routes folder at " + java.nio.file.Path.of(routes).toAbsolutePath()
                    + " -- run from the project folder (where routes/, rules/ and samples/ are) or set ROUTES_DIR");
            System.exit(2);
        }
        Main main = new Main();
        main.configure().addConfiguration(AppConfiguration.class);
        main.run(args);
    }
}
