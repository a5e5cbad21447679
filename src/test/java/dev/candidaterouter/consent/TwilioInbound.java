package dev.candidaterouter.consent;

import dev.candidaterouter.RunningApp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Posts inbound messages to the running app's Twilio webhook as Twilio would: a form, signed. */
public final class TwilioInbound {
    public static final String AUTH_TOKEN = "twilio-test-auth-token";
    public static final String WEBHOOK_URL = "https://router.example.com/webhooks/twilio";
    public static final TwilioSignature SIGNATURE = new TwilioSignature(AUTH_TOKEN, WEBHOOK_URL);

    private TwilioInbound() {
    }

    /** The settings the webhook needs (besides RunningApp's defaults). */
    public static void configure(Map<String, String> settings) {
        settings.put("twilio.auth-token", AUTH_TOKEN);
        settings.put("twilio.webhook-url", WEBHOOK_URL);
    }

    /** Twilio's fields for a message {@code text} from {@code from}. */
    public static List<FormField> message(String messageSid, String from, String text) {
        List<FormField> fields = new ArrayList<>();
        fields.add(new FormField("MessageSid", messageSid));
        fields.add(new FormField("AccountSid", "ACtest0001"));
        fields.add(new FormField("From", from));
        fields.add(new FormField("To", "+15005550006"));
        fields.add(new FormField("Body", text));
        fields.add(new FormField("NumMedia", "0"));
        return fields;
    }

    /** The decoded fields of a raw form body, in order, repeats included (as Twilio would sign them). */
    public static List<FormField> fields(String rawForm) {
        List<FormField> fields = new ArrayList<>();
        for (String pair : rawForm.split("&")) {
            if (!pair.isEmpty()) {
                String[] nv = pair.split("=", 2);
                fields.add(new FormField(java.net.URLDecoder.decode(nv[0], StandardCharsets.UTF_8),
                        nv.length < 2 ? "" : java.net.URLDecoder.decode(nv[1], StandardCharsets.UTF_8)));
            }
        }
        return fields;
    }

    /** Posts {@code fields}, signed correctly. */
    public static HttpResponse<String> post(RunningApp app, List<FormField> fields) throws Exception {
        return post(app, FormField.encode(fields).getBytes(StandardCharsets.UTF_8), SIGNATURE.sign(fields));
    }

    /** Posts a raw body with the given signature header (null: none). */
    public static HttpResponse<String> post(RunningApp app, byte[] body, String signature) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Type", "application/x-www-form-urlencoded"));
        if (signature != null) {
            headers.put(TwilioSignature.HEADER, signature);
        }
        return app.post("/webhooks/twilio", body, headers);
    }

    /** The consent row of {@code phone}: opted_out, changed_by, last_word, last_message_sid, last_message_at. */
    public static Optional<List<String>> row(RunningApp app, String phone) {
        return app.jdbc().queryOne("SELECT opted_out, changed_by, last_word, last_message_sid, last_message_at, changed_at"
                + " FROM sms_consent WHERE phone_e164 = ?",
                rs -> List.of(String.valueOf(rs.getBoolean(1)), String.valueOf(rs.getString(2)), String.valueOf(rs.getString(3)),
                        String.valueOf(rs.getString(4)), String.valueOf(rs.getString(5)), String.valueOf(rs.getString(6))), phone);
    }
}
