package dev.candidaterouter.candidate;

/**
 * A problem found in one field of Knit's data that did not stop the record: the field is left empty and this
 * entry says which field (a JSON path such as {@code experiences[2].startDate}) and why.
 */
public record DataIssue(String field, String problem) {
    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
