package dev.candidaterouter.candidate;

import java.util.List;

/**
 * One model after {@link ModelReader}: its name, the typed value and the problems found while reading it.
 * The value is a {@link CandidateInfo} (or null) for {@code info}, and a list of {@link Education},
 * {@link Location}, {@link Skill}, {@link Experience} or {@link Attachment} for the other five models.
 */
public record ParsedModel(String model, Object value, List<DataIssue> issues) {
    public ParsedModel {
        issues = NonNullList.copy(issues);
    }
}
