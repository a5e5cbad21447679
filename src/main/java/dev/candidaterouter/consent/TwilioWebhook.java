package dev.candidaterouter.consent;

import dev.candidaterouter.masking.ContactMask;
import dev.candidaterouter.store.DurableCommits;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one inbound message from Twilio (routes/twilio-webhook.yaml): checks that the webhook is configured, that
 * the body is a form and that {@code X-Twilio-Signature} matches, then that {@code From} is one E.164 number and
 * {@code MessageSid} is given once, and records the message's meaning for consent before answering. A refusal
 * throws {@link RefusedTwilioRequest} and stores nothing.
 */
public class TwilioWebhook {
    private static final Logger LOG = LoggerFactory.getLogger(TwilioWebhook.class);
    /** An empty TwiML answer: Twilio sends no reply message (its own STOP handling answers keywords). */
    public static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    static final String NOT_CONFIGURED = "the Twilio webhook is not configured: set TWILIO_WEBHOOK_URL and TWILIO_AUTH_TOKEN";
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern MESSAGE_SID = Pattern.compile("[A-Za-z0-9]{2,64}");

    private final TwilioSignature signature;
    private final ConsentRepository consent;
    private final DurableCommits durableCommits;

    /** @param signature null when TWILIO_WEBHOOK_URL or TWILIO_AUTH_TOKEN is unset: every request is refused */
    public TwilioWebhook(TwilioSignature signature, ConsentRepository consent, DurableCommits durableCommits) {
        this.signature = signature;
        this.consent = consent;
        this.durableCommits = durableCommits;
    }

    /**
     * @param form           the form's fields as platform-http decoded them (name to value, or to a list of values)
     * @param contentType    the request's Content-Type
     * @param signatureValue the request's {@value TwilioSignature#HEADER}
     * @return the empty TwiML answer (200)
     */
    public String receive(@Body Object form, @Header("Content-Type") String contentType,
            @Header(TwilioSignature.HEADER) String signatureValue) {
        if (signature == null) {
            throw new RefusedTwilioRequest(403, NOT_CONFIGURED);
        }
        if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new RefusedTwilioRequest(415, "Content-Type must be application/x-www-form-urlencoded");
        }
        List<FormField> fields = FormField.of(form);
        if (!signature.matches(fields, signatureValue)) {
            throw new RefusedTwilioRequest(403, signatureValue == null || signatureValue.isBlank()
                    ? "missing " + TwilioSignature.HEADER + " header"
                    : TwilioSignature.HEADER + " does not match (is TWILIO_WEBHOOK_URL exactly the URL Twilio calls?)");
        }
        String from = single(fields, "From", true);
        if (!E164.matcher(from).matches()) {
            throw new RefusedTwilioRequest(400, "From is not a phone number in E.164 form (+ and 8 to 15 digits)");
        }
        String messageSid = single(fields, "MessageSid", true);
        if (!MESSAGE_SID.matcher(messageSid).matches()) {
            throw new RefusedTwilioRequest(400, "MessageSid is not a Twilio message id");
        }
        String text = single(fields, "Body", false);
        SmsKeyword keyword = keywordOf(text, single(fields, "OptOutType", false));
        String word = wordOf(text, keyword);
        ConsentRepository.Inbound outcome = consent.recordInbound(from, keyword, word, messageSid);
        // On disk before Twilio hears 200: an opt-out must not be forgotten by a crash.
        durableCommits.flush();
        LOG.info("twilio inbound message {} from {}: {} -> {}", messageSid, ContactMask.phone(from), word, outcome);
        return EMPTY_TWIML;
    }

    /**
     * The body's keyword; when it is none, Twilio's {@code OptOutType} (sent by Messaging Services with Advanced
     * Opt-Out, whose custom keywords we do not know) decides.
     */
    private static SmsKeyword keywordOf(String text, String optOutType) {
        SmsKeyword keyword = SmsKeyword.of(text);
        if (keyword == SmsKeyword.OTHER && optOutType != null) {
            return switch (optOutType.strip().toUpperCase(Locale.ROOT)) {
                case "STOP" -> SmsKeyword.OPT_OUT;
                case "START" -> SmsKeyword.OPT_IN;
                default -> SmsKeyword.OTHER;
            };
        }
        return keyword;
    }

    /** What is stored as the message's word: its keyword, STOP / START when OptOutType decided, else OTHER. */
    private static String wordOf(String text, SmsKeyword keyword) {
        if (SmsKeyword.of(text) != SmsKeyword.OTHER) {
            return SmsKeyword.storedWord(text);
        }
        return switch (keyword) {
            case OPT_OUT -> "STOP";
            case OPT_IN -> "START";
            case OTHER -> "OTHER";
        };
    }

    /** The field's only value; a field given twice is ambiguous and refused (400). */
    private static String single(List<FormField> fields, String name, boolean required) {
        List<String> values = fields.stream().filter(f -> f.name().equals(name)).map(FormField::value).toList();
        if (values.size() > 1) {
            throw new RefusedTwilioRequest(400, name + " is given " + values.size() + " times");
        }
        if (values.isEmpty() || values.get(0).isBlank()) {
            if (required) {
                throw new RefusedTwilioRequest(400, name + " is missing");
            }
            return values.isEmpty() ? null : values.get(0);
        }
        return values.get(0).strip();
    }
}
