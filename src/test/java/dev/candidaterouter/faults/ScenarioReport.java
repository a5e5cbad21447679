package dev.candidaterouter.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The acceptance numbers of the fault suite: each scenario reports events sent, candidates invited, duplicate
 * invitations and lost candidates. A line is printed as soon as a scenario ends, and a table of all scenarios
 * when the whole test run ends (the root store closes its resources last); both also go to
 * {@code target/fault-report.txt}, which survives surefire's output redirection.
 */
public final class ScenarioReport implements BeforeAllCallback {
    private static final Path FILE = Path.of("target", "fault-report.txt");
    private static final List<Result> RESULTS = new ArrayList<>();

    /** One scenario's outcome. */
    public record Result(String scenario, long eventsSent, long candidatesInvited, long duplicates, long lost) {
        String line() {
            return "scenario=%s events sent=%d candidates invited=%d duplicates=%d lost=%d"
                    .formatted(scenario, eventsSent, candidatesInvited, duplicates, lost);
        }
    }

    /** Prints and keeps one scenario's numbers (call before asserting on them, so failures are reported too). */
    public static synchronized void record(String scenario, long eventsSent, long candidatesInvited, long duplicates, long lost) {
        Result r = new Result(scenario, eventsSent, candidatesInvited, duplicates, lost);
        RESULTS.add(r);
        print(r.line());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // One summary per test run, whichever fault class runs first; closed when the run ends.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Summary.class, k -> newSummary(), Summary.class);
    }

    private Summary newSummary() {
        try {
            Files.deleteIfExists(FILE); // the file describes this run only
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Summary();
    }

    private static final class Summary implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            List<Result> results;
            synchronized (ScenarioReport.class) {
                results = List.copyOf(RESULTS);
            }
            if (results.isEmpty()) {
                return;
            }
            StringBuilder table = new StringBuilder("\nfault scenarios\n");
            table.append("%-34s %12s %18s %11s %5s%n".formatted("scenario", "events sent", "candidates invited", "duplicates", "lost"));
            for (Result r : results) {
                table.append("%-34s %12d %18d %11d %5d%n".formatted(r.scenario(), r.eventsSent(), r.candidatesInvited(),
                        r.duplicates(), r.lost()));
            }
            print(table.toString());
        }
    }

    private static void print(String text) {
        System.out.println(text);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
