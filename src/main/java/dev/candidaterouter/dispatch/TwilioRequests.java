package dev.candidaterouter.dispatch;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** What Twilio's Messages API expects besides the message: a form-encoded body and HTTP Basic credentials. */
public class TwilioRequests {
    private final String accountSid;
    private final String authToken;

    public TwilioRequests(String accountSid, String authToken) {
        this.accountSid = accountSid;
        this.authToken = authToken;
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
        return "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
