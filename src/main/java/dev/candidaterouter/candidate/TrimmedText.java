package dev.candidaterouter.candidate;

import java.util.regex.Pattern;

/**
 * Trims text from ATSs, where names pasted from web pages often carry no-break and other Unicode spaces that
 * {@link String#strip()} keeps.
 */
final class TrimmedText {
    private static final Pattern EDGE_SPACE = Pattern.compile("^[\\s\\p{Z}]+|[\\s\\p{Z}]+$");

    private TrimmedText() {
    }

    /** The text without leading and trailing spaces of any kind; null when nothing is left. */
    static String of(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = EDGE_SPACE.matcher(text).replaceAll("");
        return trimmed.isEmpty() ? null : trimmed;
    }
}
