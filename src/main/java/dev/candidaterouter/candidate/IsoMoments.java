package dev.candidaterouter.candidate;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The shapes Knit sends nearly every date and timestamp in, read without a {@link java.time.format.DateTimeFormatter}:
 * {@code 2025-01-20}, and {@code 2025-01-20T00:30:00Z}, with a fraction of a second of up to nine digits and
 * {@code Z} or an offset {@code +01:00}, or no zone at all (UTC then, as {@link FieldReader} reads it).
 * <p>
 * The formatters' {@code parseBest} resolved each timestamp through a zone lookup and a field map: 4% of the inbox
 * workers' CPU in a 100,000-candidate run (BENCHMARKS.md round 13), for three timestamps per candidate. Anything
 * else, valid ISO 8601 or not (no seconds, an offset with seconds, a region id, a signed year, a 24:00), gives
 * {@code null} here and is left to the formatters, so the two read every text the same way ({@code IsoMomentsTest}
 * compares them on random texts). Values out of range (month 13, 30 February) also give {@code null}: the
 * formatters, strict, refuse them as well.
 */
final class IsoMoments {
    private IsoMoments() {
    }

    /** {@code uuuu-MM-dd}, or null when the text has another shape or no such day exists. */
    static LocalDate date(String text) {
        if (text.length() != 10 || !dateAt(text, 0)) {
            return null;
        }
        try {
            return LocalDate.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10));
        } catch (DateTimeException noSuchDay) {
            return null;
        }
    }

    /**
     * {@code uuuu-MM-ddTHH:mm:ss[.fraction][Z|±HH:MM]} as an instant (no zone: UTC), or null when the text has
     * another shape or its values are out of range.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length < 19 || !dateAt(text, 0) || text.charAt(10) != 'T' || !digits(text, 11, 13)
                || text.charAt(13) != ':' || !digits(text, 14, 16) || text.charAt(16) != ':' || !digits(text, 17, 19)) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (at < length && text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && isDigit(text.charAt(at))) {
                at++;
            }
            int count = at - start;
            if (count == 0 || count > 9) {
                return null;
            }
            nanos = number(text, start, at);
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        if (at == length || at == length - 1 && text.charAt(at) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (at == length - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-') && digits(text, at + 1, at + 3)
                && text.charAt(at + 3) == ':' && digits(text, at + 4, at + 6)) {
            int sign = text.charAt(at) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * number(text, at + 1, at + 3), sign * number(text, at + 4, at + 6));
            } catch (DateTimeException outOfRange) { // beyond ±18:00, or 60 minutes and more
                return null;
            }
        } else {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10),
                    number(text, 11, 13), number(text, 14, 16), number(text, 17, 19), nanos);
            return local.toInstant(offset);
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    /** {@code dddd-dd-dd} from {@code at}. */
    private static boolean dateAt(String text, int at) {
        return digits(text, at, at + 4) && text.charAt(at + 4) == '-' && digits(text, at + 5, at + 7)
                && text.charAt(at + 7) == '-' && digits(text, at + 8, at + 10);
    }

    private static boolean digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ASCII digits only: the formatters read no other (Character.isDigit would take Arabic-Indic ones too). */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
