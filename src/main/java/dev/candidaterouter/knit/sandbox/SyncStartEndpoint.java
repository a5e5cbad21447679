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
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knit's {@code POST /v1.0/sync.start}, as the sandbox serves it. Checks happen in Knit's order — credentials, then
 * the request — and every answer is Knit's envelope with an {@code X-Knit-Execution-Id} header:
 * <ul>
 *   <li>401 when {@code Authorization: Bearer <apiKey>} is missing or wrong;</li>
 *   <li>403 when the key is right but {@code X-Knit-Integration-Id} is missing or not one of this account's
 *       integrations. Knit's docs do not give the code; 403 was chosen because the caller <em>is</em> authenticated
 *       but not allowed to act on that integration, and a distinct code lets an engineer tell "wrong key" from
 *       "wrong integration id" at a glance. Our client treats 401 and 403 alike (configuration error, no retry);</li>
 *   <li>400 for a body that is not a JSON object, a missing or unknown {@code dataType} ({@code ats_candidates},
 *       {@code ats_applications} and {@code ats_jobs} are simulated), an unknown {@code syncType}, or
 *       {@code models} that are not model ids of that data type;</li>
 *   <li>500 when the sandbox's own sample files are broken (names the file);</li>
 *   <li>200 {@code {"success":true,"data":{"syncJobId":...,"syncRunId":...}}} otherwise — the events follow
 *       asynchronously.</li>
 * </ul>
 * {@code honorScheduler}, {@code includeInactiveRecords}, {@code startHour} and {@code startMinute} are accepted
 * and ignored: the sandbox has no scheduler and no inactive records.
 */
final class SyncStartEndpoint implements HttpHandler {
    static final String PATH = "/v1.0/sync.start";

    private static final Logger LOG = LoggerFactory.getLogger(SyncStartEndpoint.class);

    private final KnitSandbox sandbox;
    private final byte[] expectedAuthorization;
    private final ObjectMapper mapper;

    SyncStartEndpoint(KnitSandbox sandbox, String apiKey, ObjectMapper mapper) {
        this.sandbox = sandbox;
        this.expectedAuthorization = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String executionId = UUID.randomUUID().toString();
        try (exchange) {
            exchange.getResponseHeaders().add(WebhookDelivery.EXECUTION_HEADER, executionId);
            byte[] body = exchange.getRequestBody().readAllBytes();
            Answer answer = answer(exchange, body);
            LOG.info("sync.start -> {} [execution {}]", answer.status(), executionId);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] json = mapper.writeValueAsBytes(answer.envelope());
            exchange.sendResponseHeaders(answer.status(), json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
    }

    private Answer answer(HttpExchange exchange, byte[] body) {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            return failure(404, "no such endpoint: " + exchange.getRequestURI().getPath());
        }
        if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
            return failure(405, "sync.start takes POST");
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !MessageDigest.isEqual(
                authorization.trim().getBytes(StandardCharsets.UTF_8), expectedAuthorization)) {
            return failure(401, "invalid or missing API key");
        }
        String integrationId = exchange.getRequestHeaders().getFirst(WebhookDelivery.INTEGRATION_HEADER);
        if (integrationId == null || integrationId.isBlank()) {
            return failure(403, "missing " + WebhookDelivery.INTEGRATION_HEADER + " header");
        }
        if (!sandbox.settings().integrations().containsKey(integrationId)) {
            return failure(403, "unknown integration id '" + integrationId + "'");
        }
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            return failure(400, "malformed JSON body");
        } catch (IOException e) {
            return failure(400, "unreadable body");
        }
        if (!(request instanceof ObjectNode)) {
            return failure(400, "the body must be a JSON object");
        }
        String dataType = request.path("dataType").asText(null);
        if (dataType == null || dataType.isBlank()) {
            return failure(400, "dataType is required");
        }
        DataTypeModels type = DataTypeModels.fromWireName(dataType).orElse(null);
        if (type == null) {
            return failure(400, "unknown dataType '" + dataType + "' (the sandbox simulates "
                    + DataTypeModels.wireNames() + ")");
        }
        String syncTypeName = request.path("syncType").asText(SyncType.INITIAL_SYNC.wireName());
        SyncType syncType = SyncType.fromWireName(syncTypeName).orElse(null);
        if (syncType == null) {
            return failure(400, "unknown syncType '" + syncTypeName + "' (initial_sync or delta_sync)");
        }
        Set<String> models = new LinkedHashSet<>();
        JsonNode modelList = request.path("models");
        if (!modelList.isMissingNode() && !modelList.isNull()) {
            if (!modelList.isArray()) {
                return failure(400, "models must be a list of model ids");
            }
            for (JsonNode model : modelList) {
                if (!type.isKnown(model.asText())) {
                    return failure(400, "unknown model '" + model.asText() + "' for " + type.wireName());
                }
                models.add(model.asText());
            }
        }
        try {
            SyncRunIds ids = sandbox.startSync(integrationId, type, syncType, models);
            ObjectNode envelope = mapper.createObjectNode().put("success", true);
            envelope.putObject("data").put("syncJobId", ids.syncJobId()).put("syncRunId", ids.syncRunId());
            return new Answer(200, envelope);
        } catch (SampleLoadException e) {
            LOG.error("sandbox samples are broken: {}", e.getMessage());
            return failure(500, "sandbox samples are broken: " + e.getMessage());
        }
    }

    private Answer failure(int status, String message) {
        ObjectNode envelope = mapper.createObjectNode().put("success", false);
        envelope.putObject("error").put("msg", message);
        return new Answer(status, envelope);
    }

    private record Answer(int status, ObjectNode envelope) {
    }
}
