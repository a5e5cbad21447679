package dev.candidaterouter.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import org.apache.camel.Header;

/**
 * Guards HTTP calls with {@code Authorization: Bearer <token>}: the admin API (ADMIN_TOKEN or the console's
 * CONSOLE_TOKEN) and rule evaluation and backtests (RULES_TOKEN, ADMIN_TOKEN or CONSOLE_TOKEN). Every configured token is compared, each in constant time, so timing says nothing
 * about which one nearly matched. Without any token configured the guarded calls are off (403): a deployment is
 * never open by default.
 */
public class BearerTokenAuth {
    private static final String BEARER = "Bearer ";

    private final List<byte[]> tokens;
    private final String whenOff;
    private final String whenWrong;

    /**
     * @param tokens    accepted tokens; null or blank ones are not set
     * @param whenOff   the 403 message when no token is set, naming the setting that turns the calls on
     * @param whenWrong the 401 message for a missing or wrong token
     */
    public BearerTokenAuth(List<String> tokens, String whenOff, String whenWrong) {
        this.tokens = tokens.stream().filter(Objects::nonNull).map(String::strip).filter(t -> !t.isEmpty())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        this.whenOff = whenOff;
        this.whenWrong = whenWrong;
    }

    /** Lets the call through or throws {@link AccessDenied} with the status to answer. */
    public void check(@Header("Authorization") String authorization) {
        if (tokens.isEmpty()) {
            throw new AccessDenied(403, whenOff);
        }
        byte[] presented = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        boolean matches = false;
        for (byte[] token : tokens) {
            // MessageDigest.isEqual does not stop at the first differing byte, and every token is compared.
            matches |= MessageDigest.isEqual(token, presented);
        }
        if (!matches) {
            throw new AccessDenied(401, whenWrong);
        }
    }
}
