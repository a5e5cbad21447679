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
        return hash(integrationId, candidateId, assessmentId, channel.name());
    }

    /**
     * The key of the reminder that follows an invitation on {@code channel}: its own hash, and a readable prefix so
     * that an outbox file, a Message-ID or a log line shows at once that it is a reminder (41 characters).
     */
    public static String reminder(String integrationId, String candidateId, String assessmentId, Channel channel) {
        return "reminder-" + hash(integrationId, candidateId, assessmentId, channel.name(), "reminder");
    }

    /**
     * The key of one status report of an ATS order to Knit ({@code kind} {@link DispatchJob#ORDER_INVITED} or
     * {@link DispatchJob#ORDER_EXPIRED}): Knit sees it as {@code Idempotency-Key}; the prefix shows in an outbox
     * file or a log line that it is a report (37 characters).
     */
    public static String orderReport(String integrationId, String orderId, String kind) {
        return "knit-" + hash(integrationId, orderId, Channel.KNIT.name(), kind);
    }

    /**
     * The key of one write into the ATS for an assessment result ({@code kind} one of the {@code result-*} kinds of
     * {@link DispatchJob}), per application ('' for none): Knit sees it as {@code Idempotency-Key}, and the prefix
     * shows in an outbox file ({@code outbox/ats/}) or a log line that it is an ATS write (36 characters).
     */
    public static String atsWrite(String integrationId, String candidateId, String assessmentId, String kind,
            String applicationId) {
        return "ats-" + hash(integrationId, candidateId, assessmentId, Channel.KNIT.name(), kind, applicationId);
    }

    private static String hash(String... parts) {
        String joined = String.join("\u001f", parts);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
