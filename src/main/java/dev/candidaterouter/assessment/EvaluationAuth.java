package dev.candidaterouter.assessment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.camel.Exchange;

/**
 * Guards {@code POST /rules/evaluate}: {@code Authorization: Bearer <token>} with the analysts' token
 * ({@code RULES_TOKEN}) or the operators' {@code ADMIN_TOKEN}, each compared in constant time. With neither
 * configured evaluation is off (403), as the admin API is: the port is the webhook's, reachable from outside.
 */
public class EvaluationAuth {
    private static final String BEARER = "Bearer ";

    private final List<byte[]> tokens;

    /** @param adminToken the admin API's token; @param rulesToken the analysts' token; null or blank = not set */
    public EvaluationAuth(String adminToken, String rulesToken) {
        this.tokens = Stream.of(adminToken, rulesToken)
                .filter(Objects::nonNull).map(String::strip).filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Lets the exchange through or throws {@link EvaluationRefused} with 403 or 401. */
    public void check(Exchange exchange) {
        if (tokens.isEmpty()) {
            throw new EvaluationRefused(403, "rule evaluation disabled: set RULES_TOKEN (or ADMIN_TOKEN)");
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        byte[] presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        boolean matches = false;
        for (byte[] token : tokens) {
            // Every token is compared, and MessageDigest.isEqual does not stop at the first differing byte.
            matches |= MessageDigest.isEqual(token, presented);
        }
        if (!matches) {
            throw new EvaluationRefused(401, "missing or wrong token: send Authorization: Bearer <RULES_TOKEN>");
        }
    }
}
