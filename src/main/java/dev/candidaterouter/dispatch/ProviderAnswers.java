package dev.candidaterouter.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * Reads a provider's HTTP answer (the routes call with {@code throwExceptionOnFailure=false}: its status, its
 * {@code Retry-After} and its body) and either returns what was created — the invitation, the message sid — or
 * throws the failure kind the status calls for (downstream-apis.md §1 and §2): 408, 425, 429 and 5xx are
 * transient, honouring {@code Retry-After}; other 4xx are permanent, with the status and the start of the body.
 */
public class ProviderAnswers {
    private static final int BODY_EXCERPT = 500;
    /** Twilio error codes that mean "this number will never work": invalid {@code To}. */
    private static final Set<Integer> TWILIO_UNREACHABLE = Set.of(21211);
    /** Twilio's "attempt to send to unsubscribed recipient": the number replied STOP (knit-closed-loop.md §5). */
    static final int TWILIO_UNSUBSCRIBED = 21610;

    private final ObjectMapper mapper;
    private final Clock clock;

    public ProviderAnswers(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Our generic contract: 200/201 created, 409 already created (same body) → invitationId and testUrl. */
    public PlatformInvitation invitation(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
            @Header("Retry-After") String retryAfter, @Body String body) {
        int code = required(status);
        if (code != 200 && code != 201 && code != 409) {
            throw httpFailure("assessment API", code, retryAfter, body);
        }
        JsonNode answer = json("assessment API", code, body);
        return created("assessment API", code, body, answer.path("invitationId").asText(null), answer.path("testUrl").asText(null));
    }

    /** HackerRank for Work's "invite candidate": the candidate {@code id} and {@code test_link}. */
    public PlatformInvitation hackerRankInvitation(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
            @Header("Retry-After") String retryAfter, @Body String body) {
        int code = required(status);
        if (code != 200 && code != 201) {
            throw httpFailure("HackerRank", code, retryAfter, body);
        }
        JsonNode answer = json("HackerRank", code, body);
        return created("HackerRank", code, body, answer.path("id").asText(null), answer.path("test_link").asText(null));
    }

    /**
     * Knit's answer to a status report ({@code ats.candidate.assessment.update}), in its envelope: any 2xx with
     * {@code success: true} is done. {@code success: false} is a refusal, permanent, with Knit's {@code error.msg};
     * 401/403 are configuration errors (key or integration), permanent too; 408, 429 and 5xx are retried.
     *
     * @return Knit's execution id of the call (X-Knit-Execution-Id), for support; else "knit"
     */
    public String knitReport(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Header("Retry-After") String retryAfter,
            @Header("X-Knit-Execution-Id") String executionId, @Body String body) {
        int code = required(status);
        String execution = executionId == null || executionId.isBlank() ? "" : " (X-Knit-Execution-Id " + executionId + ")";
        JsonNode answer = lenientJson(body);
        String message = answer.path("error").path("msg").asText(null);
        if (code < 200 || code > 299) {
            String text = "Knit answered " + code + ": " + (message != null ? message : excerpt(body)) + execution;
            if (code == 401 || code == 403) {
                throw new PermanentDispatchFailure(text + " (check KNIT_API_KEY and the integration id)");
            }
            throw isTransient(code) ? new TransientDispatchFailure(text, RetryAfter.parse(retryAfter, clock))
                    : new PermanentDispatchFailure(text);
        }
        if (!answer.path("success").asBoolean(false)) {
            throw new PermanentDispatchFailure("Knit answered " + code + " without success: "
                    + (message != null ? message : excerpt(body)) + execution);
        }
        vendorAnswer(answer.path("data").path("response"), retryAfter, execution);
        return executionId == null || executionId.isBlank() ? "knit" : executionId;
    }

    /**
     * A passthrough's answer ({@code POST /v1.0/passthrough}, the note) wraps the ATS's own in {@code data.response}:
     * Knit's {@code success: true} says only that Knit made the call. The ATS's status is read like a direct HTTP
     * status (429 and 5xx retried, other 4xx permanent with the body's message). Its field name is not confirmed by
     * Knit's pages (third-party sources show {@code statusCode}; {@code status} is accepted too, see README
     * "Assumptions about Knit"); without either the call counts as made.
     */
    private void vendorAnswer(JsonNode response, String retryAfter, String execution) {
        if (!response.isObject()) {
            return;
        }
        JsonNode statusNode = response.hasNonNull("statusCode") ? response.get("statusCode") : response.get("status");
        if (statusNode == null || !(statusNode.isNumber() || statusNode.asText("").matches("\\d{3}"))) {
            return;
        }
        int status = statusNode.asInt();
        if (status >= 200 && status <= 299) {
            return;
        }
        JsonNode vendorBody = response.path("body");
        if (vendorBody.isTextual()) {
            vendorBody = lenientJson(vendorBody.asText());
        }
        String vendorMessage = vendorBody.hasNonNull("message") ? vendorBody.get("message").asText()
                : excerpt(response.path("body").isTextual() ? response.path("body").asText() : vendorBody.toString());
        String text = "the ATS answered " + status + " through Knit's passthrough: " + vendorMessage + execution;
        throw isTransient(status) ? new TransientDispatchFailure(text, RetryAfter.parse(retryAfter, clock))
                : new PermanentDispatchFailure(text);
    }

    /** Twilio's Messages API: 201 with the message {@code sid}, which is returned. */
    public String sms(@Header(Exchange.HTTP_RESPONSE_CODE) Integer httpStatus, @Header("Retry-After") String retryAfter,
            @Body String body) {
        int status = required(httpStatus);
        if (status == 200 || status == 201) {
            String sid = json("Twilio", status, body).path("sid").asText(null);
            if (sid == null) {
                // The message exists but we cannot name it: sending again would duplicate it.
                throw new UnknownDispatchOutcome("Twilio answered " + status + " without a sid: " + excerpt(body), null);
            }
            return sid;
        }
        JsonNode error = lenientJson(body);
        int code = error.path("code").asInt(0);
        String message = "Twilio answered " + status + (code != 0 ? " with code " + code : "") + ": "
                + (error.hasNonNull("message") ? error.get("message").asText() : excerpt(body));
        if (status == 401 || code == 20003) {
            throw new PermanentDispatchFailure(message + " (check TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN)");
        }
        if (code == TWILIO_UNSUBSCRIBED) {
            throw new SmsOptedOut(message, true);
        }
        if (TWILIO_UNREACHABLE.contains(code)) {
            throw new PermanentDispatchFailure(message);
        }
        if (isTransient(status) || code == 20429) {
            throw new TransientDispatchFailure(message, RetryAfter.parse(retryAfter, clock));
        }
        throw new PermanentDispatchFailure(message);
    }

    static boolean isTransient(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    private RuntimeException httpFailure(String provider, int status, String retryAfter, String body) {
        String message = provider + " answered " + status + ": " + excerpt(body);
        return isTransient(status) ? new TransientDispatchFailure(message, RetryAfter.parse(retryAfter, clock))
                : new PermanentDispatchFailure(message);
    }

    private static PlatformInvitation created(String provider, int status, String body, String id, String testUrl) {
        if (id == null || testUrl == null || testUrl.isBlank()) {
            // Asking again gets the same answer (idempotency key): a person has to look at the platform.
            throw new PermanentDispatchFailure(provider + " answered " + status + " without an id or test link: " + excerpt(body));
        }
        return new PlatformInvitation(id, testUrl);
    }

    private JsonNode json(String provider, int status, String body) {
        try {
            return mapper.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new PermanentDispatchFailure(provider + " answered " + status + " with a body that is not JSON: " + excerpt(body));
        }
    }

    private JsonNode lenientJson(String body) {
        try {
            JsonNode node = mapper.readTree(body == null ? "" : body);
            return node == null ? mapper.createObjectNode() : node;
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private static int required(Integer status) {
        if (status == null) {
            throw new IllegalStateException("no HTTP status: the provider call did not run");
        }
        return status;
    }

    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= BODY_EXCERPT ? oneLine : oneLine.substring(0, BODY_EXCERPT) + "…";
    }
}
