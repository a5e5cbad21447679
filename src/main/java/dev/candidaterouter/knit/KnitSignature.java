package dev.candidaterouter.knit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Knit's webhook signature: HMAC-SHA256 over the raw request body bytes, keyed with the API key (UTF-8),
 * encoded base64url without padding, sent as {@code X-Knit-Signature}. Used by our webhook to verify and by
 * the sandbox to sign. Thread-safe.
 */
public final class KnitSignature {
    /** The header Knit puts the signature in. */
    public static final String HEADER = "X-Knit-Signature";

    private final SecretKeySpec key;

    public KnitSignature(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            throw new IllegalArgumentException("an API key is needed to sign or verify Knit webhooks");
        }
        this.key = new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The signature Knit would send for these exact body bytes. */
    public String sign(byte[] body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(body));
    }

    /**
     * Checks a received signature against the body in constant time (no early exit on the first differing
     * byte, so timing reveals nothing about the expected value).
     *
     * @return false when the signature is missing, malformed or wrong
     */
    public boolean matches(byte[] body, String received) {
        if (received == null || received.isBlank()) {
            return false;
        }
        byte[] given;
        try {
            // Accept padded base64url too: the padding carries no information.
            given = Base64.getUrlDecoder().decode(received.trim());
        } catch (IllegalArgumentException notBase64Url) {
            return false;
        }
        return MessageDigest.isEqual(mac(body), given);
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
