package dev.candidaterouter.dispatch;

import dev.candidaterouter.ContactMask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks email addresses and phone numbers inside free text before it is logged — providers echo them in their
 * error messages (Twilio: "The 'To' number +1415… is not a valid phone number"), inbox reasons may quote the data
 * they could not read — and before the admin API shows stored errors without {@code reveal}.
 *
 * <p>Written for the formats people and ATSs really use (MaskingCorpusTest lists them): addresses with non-ASCII
 * or punycode domains, quoted local parts, any case; numbers with dots, dashes, spaces or brackets, {@code +} or
 * {@code 00} prefixes, extensions, and digits of any script.
 */
public final class LogSafeText {
    // Every repetition is bounded (RFC 5321 lengths; 40 characters for a written number): masking stays linear even
    // for a long run of letters or "1 1 1 ...", which unbounded runs would rescan from every position.
    private static final String LABEL = "[\\p{L}\\p{M}\\p{N}-]{1,63}";
    /** Quoted ({@code "jane doe"}), or plain and starting with neither a dot nor an apostrophe (a quote around it). */
    private static final String LOCAL_PART = "(?:\"[^\"\\r\\n]{1,64}\""
            + "|[\\p{L}\\p{M}\\p{N}_%+!#$&*=?^~-][\\p{L}\\p{M}\\p{N}._%+!#$&'*=?^~-]{0,63})";
    private static final Pattern EMAIL = Pattern.compile(LOCAL_PART + "@(?:" + LABEL + "\\.){1,8}" + LABEL);
    /**
     * A digit, then digits and the usual separators (spaces, dashes, dots, brackets; never a line break), ending on
     * a digit; an extension may follow. Not glued to a letter or digit on either side (nor after a dash), so ids
     * and timestamps ({@code 2025-01-01T10:00}) are not taken for numbers.
     */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\p{L}\\p{N}_\\p{Pd}])\\+?\\p{Nd}[\\p{Nd}\\p{Zs}\\p{Pd}().]{5,40}\\p{Nd}"
                    + "(?:\\p{Zs}*(?:ext\\.?|x|#)\\p{Zs}*\\p{Nd}{1,6})?(?![\\p{L}\\p{N}_])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** Fewer digits than this is not a phone number (a date, a count): left as it is. */
    private static final int MIN_PHONE_DIGITS = 7;

    private LogSafeText() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text.indexOf('@') < 0 ? text
                : EMAIL.matcher(text).replaceAll(m -> Matcher.quoteReplacement(ContactMask.email(m.group())));
        return masked.codePoints().noneMatch(Character::isDigit) ? masked
                : PHONE.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(maskedPhone(m.group())));
    }

    private static String maskedPhone(String found) {
        String compact = found.replaceAll("[^+\\p{Nd}]", "");
        long digits = compact.codePoints().filter(Character::isDigit).count();
        return digits < MIN_PHONE_DIGITS ? found : ContactMask.phone(compact);
    }
}
