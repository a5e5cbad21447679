package dev.candidaterouter.results;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The platform's callback signature: {@code X-Assessment-Signature: sha256=<hex HMAC-SHA256 of the raw body>}, keyed
 * with ASSESSMENT_WEBHOOK_SECRET. Compared in constant time. Thread-safe.
 */
public final class ResultSignature {
    public static final String HEADER = "X-Assessment-Signature";
    private static final String PREFIX = "sha256=";

    private final SecretKeySpec key;

    public ResultSignature(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a secret is needed to sign or verify assessment results");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The header value the platform sends for these bytes. */
    public String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(body));
    }

    /** False when the value is missing, not {@code sha256=<hex>}, or another body's. */
    public boolean matches(byte[] body, String received) {
        if (received == null || !received.strip().regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(received.strip().substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(mac(body), given);
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
