package dev.candidaterouter.consent;

import java.util.Locale;
import java.util.Set;

/**
 * What an inbound SMS means for consent. Like Twilio's own filtering, a keyword counts only as the whole body
 * (trimmed, any case): "STOP please" is an ordinary message (knit-closed-loop.md §5).
 */
public enum SmsKeyword {
    /** STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT: no more SMS to this number. */
    OPT_OUT,
    /** START, YES, UNSTOP: SMS may be sent again. */
    OPT_IN,
    /** Anything else: recorded as received, changes nothing. */
    OTHER;

    private static final Set<String> OPT_OUT_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
    private static final Set<String> OPT_IN_WORDS = Set.of("START", "YES", "UNSTOP");

    public static SmsKeyword of(String body) {
        String word = word(body);
        return OPT_OUT_WORDS.contains(word) ? OPT_OUT : OPT_IN_WORDS.contains(word) ? OPT_IN : OTHER;
    }

    /**
     * What is stored as the message's word: the keyword in capitals, or {@code OTHER}. Free text is not kept: it
     * may say anything about the person, and consent needs only the keywords.
     */
    public static String storedWord(String body) {
        return of(body) == OTHER ? "OTHER" : word(body);
    }

    private static String word(String body) {
        return body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
    }
}
