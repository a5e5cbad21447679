package dev.candidaterouter;

import dev.candidaterouter.config.ConfigurationException;
import dev.candidaterouter.dispatch.ChannelPayloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders and files the configuration names, checked once at start-up before anything is built: the rules (and the
 * shadow rules when set), the message templates, the HackerRank mapping (with {@code ASSESSMENT_API_FLAVOR=hackerrank}) and the
 * sandbox's samples (in Knit sandbox mode). A process started from the wrong folder would otherwise come up
 * healthy and fail every send later — an email retried as a "network error", an SMS put to review although
 * nothing was sent. Every problem is named in one line, with the path and the variable that changes it, so a
 * new user fixes them all at once. (ROUTES_DIR is checked earlier, by {@link Application}: Camel Main reads the
 * routes before it runs our configuration.)
 */
final class RequiredPaths {
    private final Settings settings;
    private final List<String> problems = new ArrayList<>();

    private RequiredPaths(Settings settings) {
        this.settings = settings;
    }

    /** @throws ConfigurationException naming every missing or unreadable path and its variable */
    static void check(Settings settings) {
        RequiredPaths paths = new RequiredPaths(settings);
        // A classpath: rule set is looked up by the drools: component when its route starts, which stops the start
        // naming the location if it is not there; a file-system one is checked here with the other paths.
        paths.ruleFolder("rules.dir", settings.text("rules.dir", "rules"));
        // Shadow rules that do not compile do not stop the start (the shadow route builds its endpoint with the first
        // event), but a folder that is not there is a setting to fix, like RULES_DIR's.
        String shadow = settings.text("rules.shadow-dir", "");
        if (shadow.contains("\"")) {
            // The route tests the setting in a quoted Simple expression, built once at start-up.
            paths.problems.add(settings.name("rules.shadow-dir") + " must not contain a double quote (\")");
        } else if (!shadow.isEmpty()) {
            paths.ruleFolder("rules.shadow-dir", shadow);
        }
        paths.ruleFolder("rules.results-dir", settings.text("rules.results-dir", "rules/results"));
        if (paths.folder("templates.dir", Path.of(settings.text("templates.dir", "templates")))) {
            Path templates = Path.of(settings.text("templates.dir", "templates"));
            ChannelPayloads.TEMPLATE_FILES.forEach(name -> paths.file("templates.dir", templates.resolve(name)));
        }
        if ("hackerrank".equals(settings.text("assessment.api-flavor", "generic"))) {
            paths.file("assessment.test-mapping", Path.of(settings.optional("assessment.test-mapping")
                    .orElse(settings.text("rules.dir", "rules") + "/assessment-tests.properties")));
        }
        if ("sandbox".equals(KnitConnection.mode(settings))) {
            paths.folder("knit.sandbox.samples-dir", Path.of(settings.text("knit.sandbox.samples-dir", "samples/knit")));
        }
        if (!paths.problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", paths.problems) + " -- run from the project folder "
                    + "(where routes/, rules/, templates/ and samples/ are) or set the variable" + (paths.problems.size() > 1 ? "s" : "")
                    + " named");
        }
    }

    /** A rule set's location as RULES_DIR spells it: a folder, {@code file:} one, or {@code classpath:} (not checked here). */
    private void ruleFolder(String key, String location) {
        if (!location.startsWith("classpath:")) {
            folder(key, Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location));
        }
    }

    /** @return whether the folder is there and readable */
    private boolean folder(String key, Path dir) {
        if (!Files.isDirectory(dir)) {
            problems.add(settings.name(key) + ": no folder at " + dir.toAbsolutePath());
            return false;
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            problems.add(settings.name(key) + ": cannot read folder " + dir.toAbsolutePath());
            return false;
        }
        return true;
    }

    private void file(String key, Path file) {
        if (!Files.isRegularFile(file)) {
            problems.add(settings.name(key) + ": no file at " + file.toAbsolutePath());
        } else if (!Files.isReadable(file)) {
            problems.add(settings.name(key) + ": cannot read file " + file.toAbsolutePath());
        }
    }
}
