package dev.candidaterouter.dispatch;

import dev.candidaterouter.ContactMask;
import java.util.regex.Pattern;

/**
 * Masks email addresses and phone numbers inside free text before it is logged — providers echo them in their
 * error messages (Twilio: "The 'To' number +1415… is not a valid phone number"), and before the admin API shows
 * stored errors without {@code reveal}.
 */
public final class LogSafeText {
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ()-]{6,}\\d");

    private LogSafeText() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = EMAIL.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(ContactMask.email(m.group())));
        return PHONE.matcher(masked).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                ContactMask.phone(m.group().replaceAll("[ ()-]", ""))));
    }
}
