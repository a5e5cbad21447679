package dev.candidaterouter.candidate;

import java.util.ArrayList;
import java.util.List;

/**
 * All of one candidate's models, typed, with every problem found while reading them. Built up one
 * {@link ParsedModel} at a time by {@link ModelCollector}; {@link ProfileAssembler} turns it into a
 * {@link CandidateProfile}. A model Knit did not send is null ({@code info}) or an empty list.
 */
public record KnitModels(
        CandidateInfo info,
        List<Education> education,
        List<Location> locations,
        List<Skill> skills,
        List<Experience> experiences,
        List<Attachment> attachments,
        List<DataIssue> issues) {

    public KnitModels {
        education = NonNullList.copy(education);
        locations = NonNullList.copy(locations);
        skills = NonNullList.copy(skills);
        experiences = NonNullList.copy(experiences);
        attachments = NonNullList.copy(attachments);
        issues = NonNullList.copy(issues);
    }

    /** No model at all: what an event without candidate data amounts to. */
    public static KnitModels empty() {
        return new KnitModels(null, null, null, null, null, null, null);
    }

    /**
     * These models plus one more. Lists of the same model are appended; a later {@code info} replaces an
     * earlier one. A part of an unknown model adds only its issues.
     */
    @SuppressWarnings("unchecked")
    public KnitModels with(ParsedModel part) {
        List<DataIssue> allIssues = plus(issues, part.issues());
        Object value = part.value();
        return switch (part.model() == null ? "" : part.model()) {
            case ModelPart.INFO -> new KnitModels(value == null ? info : (CandidateInfo) value,
                    education, locations, skills, experiences, attachments, allIssues);
            case ModelPart.EDUCATION -> new KnitModels(info, plus(education, (List<Education>) value),
                    locations, skills, experiences, attachments, allIssues);
            case ModelPart.LOCATIONS -> new KnitModels(info, education, plus(locations, (List<Location>) value),
                    skills, experiences, attachments, allIssues);
            case ModelPart.SKILLS -> new KnitModels(info, education, locations, plus(skills, (List<Skill>) value),
                    experiences, attachments, allIssues);
            case ModelPart.EXPERIENCES -> new KnitModels(info, education, locations, skills,
                    plus(experiences, (List<Experience>) value), attachments, allIssues);
            case ModelPart.ATTACHMENTS -> new KnitModels(info, education, locations, skills, experiences,
                    plus(attachments, (List<Attachment>) value), allIssues);
            default -> new KnitModels(info, education, locations, skills, experiences, attachments, allIssues);
        };
    }

    private static <T> List<T> plus(List<T> first, List<T> second) {
        if (second == null || second.isEmpty()) {
            return first;
        }
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
