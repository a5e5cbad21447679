package dev.candidaterouter.logging;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of every secret this process has read ({@code {{envsecret:NAME}}}, a generated sandbox key), so that
 * {@link SecretMaskPolicy} can blank them out of any log line, whatever logged them and in any layout. It works on
 * values, not on key names: a secret added later is covered as soon as it is read through {@code {{envsecret:...}}}.
 */
public final class SecretValues {
    /** Shorter values would blank out ordinary words; a secret that short is no protection anyway. */
    static final int MIN_LENGTH = 4;
    static final String MASK = "******";
    /** Written only under the class lock, so each new list is built from every value remembered before it. */
    private static final Set<String> VALUES = new HashSet<>();
    /** Read without a lock by every log event: replaced as a whole, never changed in place. */
    private static volatile List<String> longestFirst = List.of();

    private SecretValues() {
    }

    /** Remembers a secret's value for masking; blank or very short values are ignored. */
    public static synchronized void remember(String value) {
        // Synchronized: two callers rebuilding the list at once could each publish a list without the other's value.
        if (value != null && value.strip().length() >= MIN_LENGTH && VALUES.add(value.strip())) {
            longestFirst = VALUES.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    /**
     * Remembers the password a JDBC URL may carry ({@code ?password=...}, {@code ;PASSWORD=...}): DB_URL is not
     * read as a secret, but drivers and pools quote it in their errors.
     */
    public static void rememberPasswordIn(String jdbcUrl) {
        Matcher m = URL_PASSWORD.matcher(jdbcUrl == null ? "" : jdbcUrl);
        while (m.find()) {
            remember(m.group(1));
        }
    }

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)[?&;]password=([^&;]+)");

    /** The text with every remembered secret replaced by {@value #MASK}. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : longestFirst) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    static boolean any() {
        return !longestFirst.isEmpty();
    }
}
