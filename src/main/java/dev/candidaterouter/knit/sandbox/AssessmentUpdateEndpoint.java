package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knit's {@code POST /v1.0/ats.candidate.assessment.update} (an ATS order's status, knit-closed-loop.md §3), as the
 * sandbox serves it: the same credentials checks and envelope as {@link SyncStartEndpoint} (401 wrong key, 403 wrong
 * integration, 400 a body that is not a JSON object or lacks the order id or {@code status}), then 200
 * {@code {"success":true,"data":{}}}. Knit's reference does not show the body's fields, so the order id is accepted
 * under any of the spellings our client may send ({@code candidateAssessmentId}, {@code assessmentId}, {@code id}).
 * Each accepted update is recorded once per {@code Idempotency-Key} (a repeated key is answered alike, not recorded
 * again), so tests and the embedded default can see what reached "Knit".
 */
final class AssessmentUpdateEndpoint implements HttpHandler {
    static final String PATH = "/v1.0/ats.candidate.assessment.update";
    private static final List<String> ID_FIELDS = List.of("candidateAssessmentId", "assessmentId", "id");
    private static final Logger LOG = LoggerFactory.getLogger(AssessmentUpdateEndpoint.class);

    /** One accepted status update. */
    public record Update(String integrationId, String idempotencyKey, String orderId, String status, String body) {
    }

    private final KnitSandbox sandbox;
    private final byte[] expectedAuthorization;
    private final ObjectMapper mapper;
    private final List<Update> updates = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> seenKeys = new ConcurrentHashMap<>();

    AssessmentUpdateEndpoint(KnitSandbox sandbox, String apiKey, ObjectMapper mapper) {
        this.sandbox = sandbox;
        this.expectedAuthorization = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
    }

    List<Update> updates() {
        return List.copyOf(updates);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String executionId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().add(WebhookDelivery.EXECUTION_HEADER, executionId);
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode envelope = mapper.createObjectNode();
            int status = answer(exchange, body, envelope);
            LOG.info("ats.candidate.assessment.update -> {} [execution {}]", status, executionId);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] json = mapper.writeValueAsBytes(envelope);
            exchange.sendResponseHeaders(status, json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
    }

    private int answer(HttpExchange exchange, byte[] body, ObjectNode envelope) {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            return failure(envelope, 404, "no such endpoint: " + exchange.getRequestURI().getPath());
        }
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            return failure(envelope, 405, "ats.candidate.assessment.update takes POST");
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !MessageDigest.isEqual(
                authorization.trim().getBytes(StandardCharsets.UTF_8), expectedAuthorization)) {
            return failure(envelope, 401, "invalid or missing API key");
        }
        String integrationId = exchange.getRequestHeaders().getFirst(WebhookDelivery.INTEGRATION_HEADER);
        if (integrationId == null || !sandbox.settings().integrations().containsKey(integrationId)) {
            return failure(envelope, 403, integrationId == null || integrationId.isBlank()
                    ? "missing " + WebhookDelivery.INTEGRATION_HEADER + " header" : "unknown integration id '" + integrationId + "'");
        }
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return failure(envelope, 400, "malformed JSON body");
        } catch (IOException e) {
            return failure(envelope, 400, "unreadable body");
        }
        if (!(request instanceof ObjectNode)) {
            return failure(envelope, 400, "the body must be a JSON object");
        }
        String orderId = ID_FIELDS.stream().map(f -> request.path(f).asText(null)).filter(v -> v != null && !v.isBlank())
                .findFirst().orElse(null);
        if (orderId == null) {
            return failure(envelope, 400, "the body names no candidate assessment (" + String.join(", ", ID_FIELDS) + ")");
        }
        String status = request.path("status").asText(null);
        if (status == null || status.isBlank()) {
            return failure(envelope, 400, "the body has no status");
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || seenKeys.putIfAbsent(integrationId + "\u001f" + key, Boolean.TRUE) == null) {
            updates.add(new Update(integrationId, key, orderId, status, new String(body, StandardCharsets.UTF_8)));
        }
        envelope.put("success", true).putObject("data");
        return 200;
    }

    private static int failure(ObjectNode envelope, int status, String message) {
        envelope.put("success", false).putObject("error").put("msg", message);
        return status;
    }
}
