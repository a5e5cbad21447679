package dev.candidaterouter.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;

/**
 * Guards the admin calls: {@code Authorization: Bearer <ADMIN_TOKEN>}, compared in constant time. Without an
 * ADMIN_TOKEN the admin API is off (403), so a deployment is never open by default.
 */
public class AdminAuth {
    private static final String BEARER = "Bearer ";

    private final byte[] token;

    /** @param token the configured token; null or blank disables the admin API */
    public AdminAuth(String token) {
        this.token = token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Lets the exchange through or throws {@link AdminAccessDenied} with the status to answer. */
    public void check(Exchange exchange) {
        if (token == null) {
            throw new AdminAccessDenied(403, "admin API disabled: set ADMIN_TOKEN");
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        byte[] presented = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // MessageDigest.isEqual does not stop at the first differing byte: timing says nothing about the token.
        if (!MessageDigest.isEqual(token, presented)) {
            throw new AdminAccessDenied(401, "missing or wrong admin token");
        }
    }
}
