package dev.candidaterouter.candidate;

import java.util.Locale;
import java.util.Objects;

/**
 * One skill of a candidate after ranking: its name as the ATS spelt it (trimmed), a lower-case {@code key}
 * for case-insensitive matching, its proficiency, and its {@code position} in the ranked list (0 = strongest).
 * A plain bean rather than a record so that DRL can read it as {@code name}, {@code key}, {@code proficiency}.
 */
public final class RankedSkill {
    private final String name;
    private final String key;
    private final Proficiency proficiency;
    private final int position;

    @com.fasterxml.jackson.annotation.JsonCreator
    public RankedSkill(@com.fasterxml.jackson.annotation.JsonProperty("name") String name,
            @com.fasterxml.jackson.annotation.JsonProperty("proficiency") Proficiency proficiency,
            @com.fasterxml.jackson.annotation.JsonProperty("position") int position) {
        this.name = Objects.requireNonNull(name, "name").trim();
        this.key = this.name.toLowerCase(Locale.ROOT);
        this.proficiency = proficiency == null ? Proficiency.UNKNOWN : proficiency;
        this.position = position;
    }

    public String getName() {
        return name;
    }

    /** The name in lower case, for matching: {@code "Spring Boot"} has key {@code "spring boot"}. */
    public String getKey() {
        return key;
    }

    public Proficiency getProficiency() {
        return proficiency;
    }

    /** Place in the ranked list, 0 for the strongest skill. */
    public int getPosition() {
        return position;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankedSkill s && s.key.equals(key) && s.proficiency == proficiency && s.position == position;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, proficiency, position);
    }

    @Override
    public String toString() {
        return name + " (" + proficiency.label() + ")";
    }
}
