package dev.candidaterouter.assessment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candidaterouter.candidate.CandidateApplication;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.DataIssue;
import dev.candidaterouter.candidate.Proficiency;
import dev.candidaterouter.candidate.Skill;
import dev.candidaterouter.candidate.SkillRanking;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A candidate profile written by hand — in a rule scenario or a {@code POST /rules/evaluate} request — using the
 * fact names of the rules guide. Skills are ranked exactly as for real candidates.
 */
public final class ProfileSpec {
    private static final Set<String> FIELDS = Set.of("candidateId", "integrationId", "firstName", "lastName", "currentTitle",
            "currentCompany", "yearsOfExperience", "skills", "highestDegree", "currentlyStudying", "country",
            "preferredEmail", "preferredPhone", "smsOptedOut", "tags", "updatedAt", "applications", "applicationsTracked");
    private static final Set<String> APPLICATION_FIELDS = Set.of("id", "jobId", "jobTitle", "status", "stage", "stageId",
            "appliedAt");

    private ProfileSpec() {
    }

    /** @throws IllegalArgumentException naming the field that is unknown or of the wrong type */
    public static CandidateProfile toProfile(JsonNode spec) {
        return builderOf(spec).build();
    }

    private static CandidateProfile.Builder builderOf(JsonNode spec) {
        if (spec == null || !spec.isObject()) {
            throw new IllegalArgumentException("profile must be an object of facts (see rules/README.md)");
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("profile has no fact '" + field + "'; known facts: " + FIELDS);
            }
        }
        List<Skill> skills = new ArrayList<>();
        JsonNode skillList = spec.path("skills");
        if (!skillList.isMissingNode() && !skillList.isArray()) {
            throw new IllegalArgumentException("profile.skills must be a list of {name, proficiency}");
        }
        for (JsonNode s : skillList) {
            String name = s.isTextual() ? s.asText() : s.path("name").asText(null);
            if (name == null) {
                throw new IllegalArgumentException("profile.skills entries need a name");
            }
            String level = s.path("proficiency").asText("");
            Proficiency proficiency = Proficiency.parse(level).orElse(null);
            if (!level.isEmpty() && proficiency == null) {
                throw new IllegalArgumentException("profile.skills: unknown proficiency '" + level
                        + "' (Expert, Advanced, Intermediate, Beginner)");
            }
            skills.add(new Skill(name, proficiency));
        }
        List<DataIssue> issues = new ArrayList<>();
        JsonNode years = spec.path("yearsOfExperience");
        if (!years.isMissingNode() && !years.isNumber()) {
            throw new IllegalArgumentException("profile.yearsOfExperience must be a number, was " + years);
        }
        List<String> tags = new ArrayList<>();
        spec.path("tags").forEach(t -> tags.add(t.asText()));
        return CandidateProfile.builder()
                .integrationId(text(spec, "integrationId", "scenario"))
                .candidateId(text(spec, "candidateId", "scenario-candidate"))
                .firstName(text(spec, "firstName", null))
                .lastName(text(spec, "lastName", null))
                .currentTitle(text(spec, "currentTitle", null))
                .currentCompany(text(spec, "currentCompany", null))
                .yearsOfExperience(years.asDouble(0))
                .skills(SkillRanking.rank(skills, issues))
                .highestDegree(text(spec, "highestDegree", null))
                .currentlyStudying(spec.path("currentlyStudying").asBoolean(false))
                .country(text(spec, "country", null))
                .preferredEmail(text(spec, "preferredEmail", null))
                .preferredPhone(text(spec, "preferredPhone", null))
                .smsOptedOut(spec.path("smsOptedOut").asBoolean(false))
                .tags(tags)
                .updatedAt(updatedAt(spec))
                .dataIssues(issues)
                .applications(applications(spec.path("applications")))
                .applicationsTracked(tracked(spec));
    }

    /** Tracked when said so, or when the spec lists applications (a list means "these are all of them"). */
    private static boolean tracked(JsonNode spec) {
        JsonNode tracked = spec.get("applicationsTracked");
        if (tracked == null || tracked.isNull()) {
            return spec.path("applications").isArray();
        }
        if (!tracked.isBoolean()) {
            throw new IllegalArgumentException("profile.applicationsTracked must be true or false, was " + tracked);
        }
        return tracked.booleanValue();
    }

    private static List<CandidateApplication> applications(JsonNode list) {
        List<CandidateApplication> applications = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return applications;
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("profile.applications must be a list of {id, status, stage, ...}");
        }
        int i = 0;
        for (JsonNode a : list) {
            if (!a.isObject()) {
                throw new IllegalArgumentException("profile.applications[" + i + "] must be an object {id, status, stage, ...}");
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!APPLICATION_FIELDS.contains(field)) {
                    throw new IllegalArgumentException("profile.applications[" + i + "] has no field '" + field
                            + "'; known: " + APPLICATION_FIELDS);
                }
            }
            String status = text(a, "status", null);
            Instant appliedAt = null;
            if (a.hasNonNull("appliedAt")) {
                try {
                    appliedAt = Instant.parse(a.get("appliedAt").asText());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("profile.applications[" + i + "].appliedAt must be an instant like"
                            + " 2025-01-31T09:00:00Z, was " + a.get("appliedAt"));
                }
            }
            applications.add(new CandidateApplication(text(a, "id", "application-" + (i + 1)), text(a, "jobId", null),
                    text(a, "jobTitle", null), status == null ? null : status.strip().toUpperCase(java.util.Locale.ROOT),
                    text(a, "stage", null), text(a, "stageId", null), appliedAt));
            i++;
        }
        return applications;
    }

    /** A bad date is the request's fault (400), not a DateTimeParseException reaching the client as a 500. */
    private static Instant updatedAt(JsonNode spec) {
        if (!spec.hasNonNull("updatedAt")) {
            return null;
        }
        try {
            return Instant.parse(spec.get("updatedAt").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("profile.updatedAt must be an instant like 2025-01-31T09:00:00Z, was "
                    + spec.get("updatedAt"));
        }
    }

    private static String text(JsonNode spec, String field, String fallback) {
        JsonNode n = spec.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }
}
