package dev.candidaterouter.masking;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks email addresses and phone numbers inside free text before it is logged — providers echo them in their
 * error messages (Twilio: "The 'To' number +1415… is not a valid phone number"), inbox reasons may quote the data
 * they could not read — and before the admin API shows stored errors without {@code reveal}.
 *
 * <p>Written for the formats people and ATSs really use (MaskingCorpusTest lists them): addresses with non-ASCII
 * or punycode domains, quoted local parts, IP literal domains, URL-encoded {@code @}, any case; numbers with dots,
 * dashes, spaces or brackets, {@code +} or {@code 00} prefixes, extensions, and digits of any script. The numbers
 * our own logs are full of are not phone numbers and stay readable: dates and times, IPv4 addresses, UUIDs and hex
 * ids, durations and sizes with a unit, epoch milliseconds and other long ids, versions and decimals.
 */
public final class LogSafeText {
    // Every repetition is bounded (RFC 5321 lengths; 15 digits a group, 11 groups for a written number): masking
    // stays linear even for a long run of letters or "1 1 1 ...", which unbounded runs would rescan from every
    // position. Digit groups are possessive, so a number that turns out not to end well is given up at once.
    private static final String LABEL = "[\\p{L}\\p{M}\\p{N}-]{1,63}";
    /** Quoted ({@code "jane doe"}), or plain and starting with neither a dot nor an apostrophe (a quote around it). */
    private static final String LOCAL_PART = "(?:\"[^\"\\r\\n]{1,64}\""
            + "|[\\p{L}\\p{M}\\p{N}_%+!#$&*=?^~-][\\p{L}\\p{M}\\p{N}._%+!#$&'*=?^~-]{0,63})";
    /** A host name, or an address literal ({@code [10.0.0.1]}, {@code [IPv6:2001:db8::1]}). */
    private static final String DOMAIN = "(?:(?:" + LABEL + "\\.){1,8}" + LABEL + "|\\[[\\p{Alnum}:.]{1,45}\\])";
    /** {@code @}, or {@code %40} as URLs and form bodies carry it ({@code ?email=jane%40example.com}). */
    private static final String AT = "(?:@|%40)";
    private static final Pattern EMAIL = Pattern.compile(LOCAL_PART + AT + DOMAIN);

    /** Nothing that makes the digits part of a word, an id or a longer number. */
    private static final String NOT_AFTER = "(?<![\\p{L}\\p{N}_\\p{Pd}.])";
    private static final String NOT_BEFORE = "(?![\\p{L}\\p{N}_]|[\\p{Pd}.][\\p{L}\\p{N}])";
    /** ISO dates, with a time if one follows ({@code 2025-01-01}, {@code 2025-01-01 10:00:00.123+01:00}), and {@code 01.02.2025}. */
    private static final String DATE = "(?:\\p{Nd}{4}-\\p{Nd}{2}-\\p{Nd}{2}"
            + "(?:[T\\p{Zs}]\\p{Nd}{2}:\\p{Nd}{2}(?::\\p{Nd}{2}(?:[.,]\\p{Nd}{1,9})?)?(?:Z|[+-]\\p{Nd}{2}(?::?\\p{Nd}{2})?)?)?"
            + "|\\p{Nd}{2}\\.\\p{Nd}{2}\\.\\p{Nd}{4})";
    private static final String IPV4 = "\\p{Nd}{1,3}(?:\\.\\p{Nd}{1,3}){3}";
    private static final String UUID = "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}";
    /** A number with a unit of time or size ({@code 1234567 ms}, {@code 30s}, {@code 2.5 MB}). */
    private static final String WITH_UNIT = "\\p{Nd}{1,20}+(?:[.,]\\p{Nd}{1,9})?\\p{Zs}?"
            + "(?:ns|[uµ]s|ms|millis|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hours?|days?"
            + "|bytes?|[KMGT]i?B)";
    /** Read as they are; found before a phone number could be found in them. */
    private static final String NOT_CONTACT_DATA = NOT_AFTER + "(?:" + DATE + "|" + IPV4 + "|" + UUID + "|" + WITH_UNIT
            + ")(?![\\p{L}\\p{N}_]|[\\p{Pd}.]\\p{N})";
    /**
     * An optional {@code +} and bracket, then groups of digits separated by one space, dash or dot, or by brackets
     * ({@code (415) 555-0123}, {@code +49 (0)30 1234 5678}); an extension may follow. Never a line break.
     */
    private static final String SEPARATOR = "(?:\\)[\\p{Zs}\\p{Pd}.]?\\(?|[\\p{Zs}\\p{Pd}.]\\(?|\\()";
    private static final String WRITTEN_NUMBER = NOT_AFTER + "\\+?\\(?\\p{Nd}{1,15}+(?:" + SEPARATOR + "\\p{Nd}{1,15}+){0,10}"
            + "(?:\\p{Zs}{0,3}(?:ext\\.?|x|#)\\p{Zs}{0,3}\\p{Nd}{1,6}+)?" + NOT_BEFORE;
    /** Group 1: data that is not contact data, left as it is; group 2: a written number, masked if phone-shaped. */
    private static final Pattern NUMBERS = Pattern.compile(
            "(" + NOT_CONTACT_DATA + ")|(" + WRITTEN_NUMBER + ")",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** A phone number has at least this many digits (ITU E.164 allows up to 15; longer ones are masked too). */
    private static final int MIN_PHONE_DIGITS = 7;
    /**
     * Digits written together without + or 00 are a phone number only at a national number's length (US 10, UK and
     * China 11, France and Spain 9, with a country code 12); shorter runs are counts and codes, longer ones epoch
     * milliseconds and ids. Epoch seconds (10 digits) are masked too: safer than leaving a number out.
     */
    private static final int MIN_BARE_DIGITS = 9;
    private static final int MAX_BARE_DIGITS = 12;
    /** Without a prefix, a group longer than this is no phone grouping ({@code 20250101.12}); UK's is 5 ({@code 07700 900123}). */
    private static final int MAX_LEADING_GROUP = 5;
    private static final int MAX_LAST_GROUP = 8;

    private LogSafeText() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text.indexOf('@') < 0 && text.indexOf("%40") < 0 ? text
                : EMAIL.matcher(text).replaceAll(m -> Matcher.quoteReplacement(maskedEmail(m.group())));
        return masked.codePoints().noneMatch(Character::isDigit) ? masked
                : NUMBERS.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(
                        m.group(1) != null ? m.group() : maskedIfPhone(m.group(2))));
    }

    private static String maskedEmail(String found) {
        int encodedAt = found.toLowerCase(java.util.Locale.ROOT).lastIndexOf("%40");
        String address = found.lastIndexOf('@') < 0
                ? found.substring(0, encodedAt) + "@" + found.substring(encodedAt + 3) : found;
        // An address literal has no top-level domain to keep: ContactMask would keep the last octet.
        return address.endsWith("]") ? address.charAt(0) + "***@[***]" : ContactMask.email(address);
    }

    private static String maskedIfPhone(String found) {
        return isPhoneShaped(found) ? ContactMask.phone(found.replaceAll("[^+\\p{Nd}]", "")) : found;
    }

    /** Prefixed with + or 00; or grouped as phone numbers are; or as many digits as a national number has. */
    static boolean isPhoneShaped(String found) {
        String number = found.replaceFirst("(?i)\\p{Zs}*(?:ext\\.?|x|#)\\p{Zs}*\\p{Nd}+$", "");
        String[] groups = number.replaceAll("[^\\p{Nd}]+", " ").strip().split(" ");
        int digits = number.replaceAll("[^\\p{Nd}]", "").length();
        if (digits < MIN_PHONE_DIGITS) {
            return false;
        }
        String first = groups[0];
        boolean prefixed = number.startsWith("+") || (first.length() > 2 && first.startsWith("00"));
        if (prefixed) {
            return true;
        }
        if (groups.length == 1) {
            return digits >= MIN_BARE_DIGITS && digits <= MAX_BARE_DIGITS;
        }
        if (groups.length == 2 && number.matches("\\p{Nd}+\\.\\p{Nd}+")) {
            return false; // a decimal number (12345.67); dotted phone numbers have three groups or more
        }
        String last = groups[groups.length - 1];
        for (int i = 0; i < groups.length - 1; i++) {
            if (groups[i].length() > MAX_LEADING_GROUP) {
                return false;
            }
        }
        return last.length() >= 2 && last.length() <= MAX_LAST_GROUP;
    }
}
