package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The idempotency key of one send: a hash of (integration, candidate, assessment, channel). Deterministic, so
 * it is the same on every retry and after a restart, and it is what providers see as {@code Idempotency-Key}
 * or in the {@code Message-ID}. 32 hex characters keep it within every provider's and Camel's length limits.
 */
public final class DispatchKey {
    private DispatchKey() {
    }

    public static String of(String integrationId, String candidateId, String assessmentId, Channel channel) {
        String joined = String.join("\u001f", integrationId, candidateId, assessmentId, channel.name());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
