package dev.candidaterouter.camel.drools;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that does not compile, with every problem found; the message lists one problem per line. */
public class RuleCompilationException extends RuntimeException {
    private final transient List<RuleProblem> problems;

    public RuleCompilationException(String folder, List<RuleProblem> problems) {
        super("rules in " + folder + " do not compile:\n"
                + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
