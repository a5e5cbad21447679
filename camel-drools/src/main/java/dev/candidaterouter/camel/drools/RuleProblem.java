package dev.candidaterouter.camel.drools;

/**
 * One compile error in a rule file, located as editors and analysts expect: {@code file:line:column message}.
 * Both count from 1; they are 0 when Drools could not tell.
 */
public record RuleProblem(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + Math.max(line, 0) + ":" + Math.max(column, 0) + " " + message;
    }
}
