package dev.candidaterouter.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candidaterouter.camel.drools.RuleCompilationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A temporary folder holding a rule set a backtest runs: the files an analyst pasted ({@code POST /rules/backtest}),
 * or the files of the rule set the process serves. Deleted on {@link #close()}. Shared by the routing and the result
 * rules' backtests, so both accept the same file names and report compile errors by the analyst's file names.
 */
public final class RuleFolder implements AutoCloseable {
    /** The names a pasted rule file may have: a plain file name of a kind the rules folder holds. */
    private static final Pattern RULE_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}\\.(drl|csv)");

    private final Path folder;

    private RuleFolder(String prefix) {
        try {
            this.folder = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the backtest's rules", e);
        }
    }

    /**
     * The request's {@code files} object ({@code {"<name>.drl": "<content>", ...}}) written to a folder of its own.
     *
     * @throws IllegalArgumentException naming a file name that is not a rule file's, or a value that is not text
     */
    public static RuleFolder pasted(JsonNode files) {
        RuleFolder rules = new RuleFolder("backtest-");
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> file = it.next();
                if (!RULE_FILE.matcher(file.getKey()).matches()) {
                    throw new IllegalArgumentException("files: '" + file.getKey() + "' is not a rule file name (like "
                            + "assessment-routing.drl: letters, digits, . _ -, ending .drl or .csv)");
                }
                if (!file.getValue().isTextual()) {
                    throw new IllegalArgumentException("files." + file.getKey() + " must be the file's text");
                }
                Files.writeString(rules.folder.resolve(file.getKey()), file.getValue().asText());
            }
            return rules;
        } catch (IOException e) {
            rules.close();
            throw new UncheckedIOException("cannot write the backtest's rules", e);
        } catch (RuntimeException e) {
            rules.close();
            throw e;
        }
    }

    /** The files of a served rule set (relative names, as {@code RuleBook.current().sources()} gives them). */
    public static RuleFolder served(SortedMap<String, byte[]> files) {
        RuleFolder rules = new RuleFolder("backtest-live-");
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = rules.folder.resolve(file.getKey()).normalize();
                if (!target.startsWith(rules.folder)) {
                    throw new IllegalStateException("served rule file " + file.getKey() + " is outside its folder");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            return rules;
        } catch (IOException e) {
            rules.close();
            throw new UncheckedIOException("cannot write the served rules for the backtest", e);
        } catch (RuntimeException e) {
            rules.close();
            throw e;
        }
    }

    /** The folder as a rules location ({@code file:...}), as RULES_DIR spells one. */
    public String location() {
        return "file:" + folder;
    }

    /** The rules' compile errors by the analyst's file names, not our temporary folder's (a 400 for the request). */
    public IllegalArgumentException explain(RuleCompilationException e) {
        return new IllegalArgumentException(e.getMessage().replace("file:" + folder + "/", "")
                .replace(folder + "/", "").replace("file:" + folder, "the pasted rules")
                .replace(folder.toString(), "the pasted rules"), e);
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind holds only rule text; the OS cleans it.
        }
    }
}
