package dev.candidaterouter.dispatch;

import dev.candidaterouter.logging.SecretValues;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** What Twilio's Messages API expects besides the message: a form-encoded body and HTTP Basic credentials. */
public class TwilioRequests {
    private final String authorization;

    public TwilioRequests(String accountSid, String authToken) {
        String credentials = Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        // The token is masked in logs as a secret, but its Base64 form is a different text: remembered as well, so
        // a logged header (HTTP client debug logging, an error quoting the request) does not give the token away.
        if (authToken != null && !authToken.isBlank()) {
            SecretValues.remember(credentials); // without a token (outbox mode) there is nothing to hide
        }
        this.authorization = "Basic " + credentials;
    }

    /** {@code To=...&From=...&Body=...}, UTF-8 percent-encoded. */
    public String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /**
     * The {@code Authorization} header value. Sent with the first request rather than after a challenge: Twilio
     * answers an unauthenticated request with an error, not a retryable challenge.
     */
    public String authorization() {
        return authorization;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
