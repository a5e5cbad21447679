package dev.candidaterouter.assessment;

/** A rule-set version asked for that the rule history does not hold (404 in the admin API). */
public class UnknownRuleVersion extends RuntimeException {
    public UnknownRuleVersion(String message) {
        super(message);
    }
}
