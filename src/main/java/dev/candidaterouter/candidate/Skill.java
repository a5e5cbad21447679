package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of Knit's {@code candidate_skills} model: the skill's name ({@code skillName}, also read from
 * {@code name}) and its proficiency, null when absent or not one of Knit's four words.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Skill(
        @JsonAlias("name") String skillName,
        @JsonFormat(with = {JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES,
                JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL}) Proficiency proficiency) {
}
