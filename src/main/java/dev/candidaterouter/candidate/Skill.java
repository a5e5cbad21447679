package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of Knit's {@code candidate_skills} model: the skill's name ({@code skillName}, also read from
 * {@code name}) and its proficiency, null when absent or not one of Knit's four words.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Skill(String skillName, Proficiency proficiency) {

    /** For plain Jackson binding: Knit's proficiency words in any case, anything else as null. */
    @JsonCreator
    static Skill fromJson(@JsonProperty("skillName") @JsonAlias("name") String skillName,
                          @JsonProperty("proficiency") String proficiency) {
        return new Skill(skillName, Proficiency.parse(proficiency).orElse(null));
    }
}
