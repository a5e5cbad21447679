package dev.candidaterouter.consent;

import dev.candidaterouter.store.Jdbc;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The {@code sms_consent} table: per E.164 number, whether SMS may be sent, what changed that last, and the last
 * inbound message (time, word, Twilio's MessageSid). A message whose MessageSid is the last one recorded for its
 * number (Twilio delivering it again) changes nothing.
 */
public class ConsentRepository implements SmsConsent {
    /** {@code changed_by} of a number opted out because Twilio refused a send with error 21610. */
    public static final String TWILIO_21610 = "twilio-21610";

    /** What an inbound message did. */
    public enum Inbound {
        OPTED_OUT, OPTED_IN, RECORDED, DUPLICATE
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public ConsentRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    @Override
    public boolean isOptedOut(String phoneE164) {
        return phoneE164 != null && jdbc.queryOne("SELECT opted_out FROM sms_consent WHERE phone_e164 = ?",
                rs -> rs.getBoolean(1), phoneE164).orElse(false);
    }

    /**
     * Records an inbound message from {@code phone}: a keyword sets or clears the opt-out, anything else is only
     * noted as the last message. One conditional statement each way, so two deliveries of the same message racing
     * each other still change the row once.
     */
    public Inbound recordInbound(String phone, SmsKeyword keyword, String word, String messageSid) {
        return jdbc.inTransaction(() -> {
            // A message applied once is never applied again: a redelivery, or a signed request replayed later.
            if (!jdbc.insertIfAbsent("INSERT INTO sms_inbound (message_sid, received_at) VALUES (?, ?)",
                    messageSid, clock.instant())) {
                return Inbound.DUPLICATE;
            }
            return apply(phone, keyword, word, messageSid);
        });
    }

    private Inbound apply(String phone, SmsKeyword keyword, String word, String messageSid) {
        Instant now = clock.instant();
        boolean changes = keyword != SmsKeyword.OTHER;
        boolean optedOut = keyword == SmsKeyword.OPT_OUT;
        if (jdbc.insertIfAbsent("""
                INSERT INTO sms_consent (phone_e164, opted_out, changed_by, changed_at, last_message_at, last_word,
                                         last_message_sid)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", phone, optedOut, changes ? word : "none", now, now, word, messageSid)) {
            return outcome(keyword);
        }
        int updated = changes
                ? jdbc.update("""
                        UPDATE sms_consent SET opted_out = ?, changed_by = ?, changed_at = ?, last_message_at = ?,
                                               last_word = ?, last_message_sid = ?
                         WHERE phone_e164 = ? AND (last_message_sid IS NULL OR last_message_sid <> ?)""",
                        optedOut, word, now, now, word, messageSid, phone, messageSid)
                : jdbc.update("""
                        UPDATE sms_consent SET last_message_at = ?, last_word = ?, last_message_sid = ?
                         WHERE phone_e164 = ? AND (last_message_sid IS NULL OR last_message_sid <> ?)""",
                        now, word, messageSid, phone, messageSid);
        return updated == 0 ? Inbound.DUPLICATE : outcome(keyword);
    }

    /** Twilio refused a send to {@code phone} with 21610: the recipient opted out (perhaps before we kept count). */
    public void optOutAfterRefusedSend(String phone) {
        Instant now = clock.instant();
        if (!jdbc.insertIfAbsent("INSERT INTO sms_consent (phone_e164, opted_out, changed_by, changed_at) VALUES (?, ?, ?, ?)",
                phone, true, TWILIO_21610, now)) {
            jdbc.update("UPDATE sms_consent SET opted_out = ?, changed_by = ?, changed_at = ? WHERE phone_e164 = ? AND opted_out = ?",
                    true, TWILIO_21610, now, phone, false);
        }
    }

    private static Inbound outcome(SmsKeyword keyword) {
        return switch (keyword) {
            case OPT_OUT -> Inbound.OPTED_OUT;
            case OPT_IN -> Inbound.OPTED_IN;
            case OTHER -> Inbound.RECORDED;
        };
    }
}
