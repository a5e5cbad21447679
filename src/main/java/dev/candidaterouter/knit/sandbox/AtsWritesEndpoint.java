package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knit's ATS write APIs as the sandbox serves them (knit-closed-loop.md §2): {@code POST /v1.0/ats.application.attachment.add},
 * {@code POST /v1.0/ats.application.stage.update} and {@code POST /v1.0/passthrough}, with Knit's credentials checks
 * and envelope (401 wrong key, 403 wrong integration, 400 a body that misses what the call needs, then 200
 * {@code {"success":true,"data":{}}}). Every accepted write is recorded once per {@code Idempotency-Key}, and the
 * sandbox shows what the "ATS" holds: {@code GET /sandbox/ats/writes} lists every write (the order status updates of
 * {@link AssessmentUpdateEndpoint} included), {@code GET /sandbox/ats/applications/<id>} an application's writes and
 * the stage it was last moved to. The views need the same API key.
 */
final class AtsWritesEndpoint implements HttpHandler {
    static final String ATTACHMENT_ADD = "/v1.0/ats.application.attachment.add";
    static final String STAGE_UPDATE = "/v1.0/ats.application.stage.update";
    static final String PASSTHROUGH = "/v1.0/passthrough";
    static final String VIEWS = "/sandbox/ats/";
    private static final Logger LOG = LoggerFactory.getLogger(AtsWritesEndpoint.class);

    /** One accepted write: which call, for which application (null for a passthrough), and its body. */
    record Write(String integrationId, String idempotencyKey, String call, String applicationId, Instant at, JsonNode body) {
    }

    private final KnitSandbox sandbox;
    private final byte[] expectedAuthorization;
    private final ObjectMapper mapper;
    private final AssessmentUpdateEndpoint assessmentUpdates;
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> seenKeys = new ConcurrentHashMap<>();

    AtsWritesEndpoint(KnitSandbox sandbox, String apiKey, ObjectMapper mapper, AssessmentUpdateEndpoint assessmentUpdates) {
        this.sandbox = sandbox;
        this.expectedAuthorization = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
        this.assessmentUpdates = assessmentUpdates;
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String executionId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().add(WebhookDelivery.EXECUTION_HEADER, executionId);
            byte[] body = exchange.getRequestBody().readAllBytes();
            ObjectNode answer = mapper.createObjectNode();
            String path = exchange.getRequestURI().getPath();
            int status = path.startsWith(VIEWS) ? view(exchange, path, answer) : write(exchange, path, body, answer);
            LOG.info("{} {} -> {} [execution {}]", exchange.getRequestMethod(), path, status, executionId);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer);
            exchange.sendResponseHeaders(status, json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
    }

    private int write(HttpExchange exchange, String path, byte[] body, ObjectNode envelope) {
        if (!List.of(ATTACHMENT_ADD, STAGE_UPDATE, PASSTHROUGH).contains(path)) {
            return failure(envelope, 404, "no such endpoint: " + path);
        }
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            return failure(envelope, 405, path + " takes POST");
        }
        Integer refused = refused(exchange, envelope);
        if (refused != null) {
            return refused;
        }
        String integrationId = exchange.getRequestHeaders().getFirst(WebhookDelivery.INTEGRATION_HEADER);
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
        String problem = switch (path) {
            case ATTACHMENT_ADD -> attachmentProblem(request);
            case STAGE_UPDATE -> text(request, "applicationId") == null ? "the body has no applicationId"
                    : stageId(request) == null ? "the body names no target stage (a field with 'stage' in its name)" : null;
            default -> text(request, "path") == null ? "passthrough needs the vendor's path" : null;
        };
        if (problem != null) {
            return failure(envelope, 400, problem);
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || seenKeys.putIfAbsent(integrationId + "\u001f" + key, Boolean.TRUE) == null) {
            writes.add(new Write(integrationId, key, path.substring("/v1.0/".length()), text(request, "applicationId"),
                    Instant.now(), request));
        }
        envelope.put("success", true).putObject("data");
        return 200;
    }

    private static String attachmentProblem(JsonNode request) {
        if (text(request, "applicationId") == null) {
            return "the body has no applicationId";
        }
        if (text(request, "fileName") == null) {
            return "the body has no fileName";
        }
        String url = text(request, "fileUrl");
        String content = text(request, "fileContent");
        if ((url == null) == (content == null)) {
            return "the body needs exactly one of fileUrl and fileContent";
        }
        if (content != null) {
            try {
                Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                return "fileContent is not base64";
            }
        }
        return null;
    }

    /** The target stage: our client sends it under KNIT_STAGE_ID_FIELD, so any field named like a stage counts. */
    private static String stageId(JsonNode request) {
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.toLowerCase(Locale.ROOT).contains("stage") && text(request, name) != null) {
                return text(request, name);
            }
        }
        return null;
    }

    private int view(HttpExchange exchange, String path, ObjectNode answer) {
        if (!"GET".equalsIgnoreCase(exchange.getRequestMethod())) {
            return failure(answer, 405, path + " takes GET");
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !MessageDigest.isEqual(auth.trim().getBytes(StandardCharsets.UTF_8), expectedAuthorization)) {
            return failure(answer, 401, "invalid or missing API key");
        }
        if (path.equals(VIEWS + "writes")) {
            ArrayNode list = answer.putArray("writes");
            for (AssessmentUpdateEndpoint.Update u : assessmentUpdates.updates()) {
                ObjectNode w = list.addObject();
                w.put("integrationId", u.integrationId()).put("idempotencyKey", u.idempotencyKey())
                        .put("call", AssessmentUpdateEndpoint.PATH.substring("/v1.0/".length()));
                w.set("body", readOrText(u.body()));
            }
            writes.forEach(w -> list.add(json(w)));
            answer.put("count", list.size());
            return 200;
        }
        if (path.startsWith(VIEWS + "applications/")) {
            String id = URLDecoder.decode(path.substring((VIEWS + "applications/").length()), StandardCharsets.UTF_8);
            ArrayNode list = mapper.createArrayNode();
            String stage = null;
            for (Write w : writes) {
                if (id.equals(w.applicationId())) {
                    list.add(json(w));
                    if (w.call().equals(STAGE_UPDATE.substring("/v1.0/".length()))) {
                        stage = stageId(w.body());
                    }
                }
            }
            answer.put("applicationId", id);
            answer.put("movedToStage", stage);
            answer.set("writes", list);
            return 200;
        }
        return failure(answer, 404, "no such view: " + path + " (views: " + VIEWS + "writes, " + VIEWS + "applications/<id>)");
    }

    private ObjectNode json(Write w) {
        ObjectNode node = mapper.createObjectNode();
        node.put("integrationId", w.integrationId()).put("idempotencyKey", w.idempotencyKey()).put("call", w.call())
                .put("applicationId", w.applicationId()).put("at", w.at().toString());
        node.set("body", w.body());
        return node;
    }

    private JsonNode readOrText(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return mapper.getNodeFactory().textNode(body);
        }
    }

    private Integer refused(HttpExchange exchange, ObjectNode envelope) {
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
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static int failure(ObjectNode envelope, int status, String message) {
        envelope.put("success", false).putObject("error").put("msg", message);
        return status;
    }
}
