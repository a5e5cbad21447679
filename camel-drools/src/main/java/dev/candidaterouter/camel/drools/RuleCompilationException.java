package dev.candidaterouter.camel.drools;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile, with every problem found; the message lists one problem per line. */
public class RuleCompilationException extends RuntimeException {
    private final transient List<RuleProblem> problems;

    public RuleCompilationException(String folder, List<RuleProblem> problems) {
        super(message(folder, problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * One line when the location itself is the problem (not there): {@code rules in classpath:x: rules folder not found
     * on the classpath}; otherwise a heading and one {@code file:line:column message} line per problem.
     */
    private static String message(String folder, List<RuleProblem> problems) {
        if (problems.size() == 1 && problems.get(0).file().equals(folder) && problems.get(0).line() == 0) {
            return "rules in " + folder + ": " + problems.get(0).message();
        }
        return "rules in " + folder + " do not compile:\n"
                + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n"));
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
