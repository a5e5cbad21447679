package dev.candidaterouter.consent;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature ({@code X-Twilio-Signature}, knit-closed-loop.md §5): Base64 of HMAC-SHA1 keyed with
 * the account's Auth Token over the exact URL Twilio called followed by every POST parameter's name and value,
 * sorted by name (a name given twice: its values in sorted order), without delimiters. The URL is the configured
 * public one, not what this server saw: behind a proxy the two differ. Thread-safe.
 */
public final class TwilioSignature {
    public static final String HEADER = "X-Twilio-Signature";

    private final SecretKeySpec key;
    private final String url;

    public TwilioSignature(String authToken, String url) {
        if (authToken == null || authToken.isEmpty() || url == null || url.isEmpty()) {
            throw new IllegalArgumentException("an Auth Token and the webhook's public URL are needed to sign or verify");
        }
        this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
        this.url = url;
    }

    /** The signature Twilio would send with these parameters. */
    public String sign(List<FormField> fields) {
        return Base64.getEncoder().encodeToString(mac(fields));
    }

    /** Compares in constant time (MessageDigest.isEqual); false when missing, not Base64 or wrong. */
    public boolean matches(List<FormField> fields, String received) {
        if (received == null || received.isBlank()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(received.strip());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(mac(fields), given);
    }

    private byte[] mac(List<FormField> fields) {
        List<FormField> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparing(FormField::name).thenComparing(FormField::value));
        StringBuilder data = new StringBuilder(url);
        sorted.forEach(f -> data.append(f.name()).append(f.value()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
        }
    }
}
