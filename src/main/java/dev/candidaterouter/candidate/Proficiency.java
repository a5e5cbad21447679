package dev.candidaterouter.candidate;

import java.util.Locale;
import java.util.Optional;

/**
 * How well a candidate masters a skill, as Knit reports it. Ordered from strongest to weakest so that
 * {@link #ordinal()} sorts skills best-first; {@link #UNKNOWN} stands for an absent or unrecognised value.
 */
public enum Proficiency {
    EXPERT("Expert"),
    ADVANCED("Advanced"),
    INTERMEDIATE("Intermediate"),
    BEGINNER("Beginner"),
    UNKNOWN("Unknown");

    private final String label;

    Proficiency(String label) {
        this.label = label;
    }

    /** The word Knit and analysts use, e.g. {@code Expert}. */
    public String label() {
        return label;
    }

    /**
     * Reads Knit's proficiency word case-insensitively.
     *
     * @return the level, or empty when the text is not one of Knit's four words (blank counts as empty too)
     */
    public static Optional<Proficiency> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (Proficiency p : values()) {
            if (p != UNKNOWN && p.label.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
