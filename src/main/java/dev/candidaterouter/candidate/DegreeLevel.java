package dev.candidaterouter.candidate;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How high a degree is, read from its free-text name (ATSs have no degree codes): words and abbreviations such
 * as "PhD", "M.Sc.", "MBA", "Bachelor of Arts". Declared lowest first.
 */
enum DegreeLevel {
    OTHER(null),
    ASSOCIATE("associate\\w*|aa|aas"),
    BACHELOR("bachelor\\w*|baccalaureate|bsc|bs|ba|beng|btech|bba|bcom|bca|bfa|llb"),
    MASTER("master\\w*|msc|ms|ma|mba|meng|mphil|mtech|mres|mfa|llm|mca|mpa|mph"),
    DOCTORATE("phd|dphil|doctor\\w*|edd|dsc|dba");

    private final Pattern words;

    DegreeLevel(String words) {
        this.words = words == null ? null : Pattern.compile("(?<![\\p{L}\\p{N}])(" + words + ")(?![\\p{L}\\p{N}])");
    }

    /** The level named by a degree's text; OTHER when none is recognised (certificates, diplomas…). */
    static DegreeLevel of(String degree) {
        if (degree == null) {
            return OTHER;
        }
        // "M.Sc." and "Master's" should read as "msc" and "masters".
        String text = degree.toLowerCase(Locale.ROOT).replaceAll("[.'’]", "");
        DegreeLevel[] levels = values();
        for (int i = levels.length - 1; i > 0; i--) {
            if (levels[i].words.matcher(text).find()) {
                return levels[i];
            }
        }
        return OTHER;
    }

    /** The text of the highest degree as the ATS wrote it (trimmed); the first wins among equals; null if none. */
    static String highest(List<Education> education) {
        String best = null;
        DegreeLevel bestLevel = null;
        for (Education entry : education) {
            if (entry.degree() == null || entry.degree().isBlank()) {
                continue;
            }
            DegreeLevel level = of(entry.degree());
            if (bestLevel == null || level.compareTo(bestLevel) > 0) {
                best = entry.degree().strip();
                bestLevel = level;
            }
        }
        return best;
    }
}
