package dev.candidaterouter.knit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Knit's {@code POST /v1.0/sync.start} request and reads its answer. The HTTP call itself (headers, one
 * integration per call) is made by the {@code start-knit-sync-for-integration} route, which retries 408, 429, 5xx
 * and I/O errors.
 */
public class KnitSyncRequests {
    /** Knit's ids of the six candidate models we subscribe to. */
    public static final List<String> MODELS = KnitDataType.CANDIDATES.models();

    private static final Logger LOG = LoggerFactory.getLogger(KnitSyncRequests.class);

    private final ObjectMapper mapper;
    private final String apiKey;
    private final List<String> integrationIds;
    private final String syncType;
    private final boolean honorScheduler;
    private final List<KnitDataType> dataTypes;

    public KnitSyncRequests(ObjectMapper mapper, String apiKey, List<String> integrationIds, String syncType,
            boolean honorScheduler) {
        this(mapper, apiKey, integrationIds, syncType, honorScheduler, List.of(KnitDataType.CANDIDATES));
    }

    /** @param dataTypes what to sync (KNIT_DATA_TYPES): one sync.start per data type and integration */
    public KnitSyncRequests(ObjectMapper mapper, String apiKey, List<String> integrationIds, String syncType,
            boolean honorScheduler, List<KnitDataType> dataTypes) {
        this.mapper = mapper;
        this.apiKey = apiKey;
        this.integrationIds = List.copyOf(integrationIds);
        this.syncType = syncType;
        this.honorScheduler = honorScheduler;
        this.dataTypes = List.copyOf(dataTypes);
    }

    /** The data types to sync, as Knit spells them, in KNIT_DATA_TYPES order. */
    public List<String> dataTypes() {
        return dataTypes.stream().map(KnitDataType::wireName).toList();
    }

    /** The integrations to sync: one per customer. */
    public List<String> integrationIds() {
        return integrationIds;
    }

    /** The candidates' sync.start request. */
    public String request() throws IOException {
        return request(KnitDataType.CANDIDATES.wireName());
    }

    /**
     * The sync.start request of one data type, with its models: the same for every integration (the route names the
     * integration in a header).
     */
    public String request(String dataType) throws IOException {
        KnitDataType type = KnitDataType.fromWireName(dataType)
                .orElseThrow(() -> new KnitConfigurationException("unknown Knit data type '" + dataType + "'"));
        ObjectNode body = mapper.createObjectNode();
        body.put("dataType", type.wireName());
        body.put("syncType", syncType);
        body.put("honorScheduler", honorScheduler);
        body.putPOJO("models", type.models());
        return mapper.writeValueAsString(body);
    }

    /** The {@code Authorization} header value: the API key (of the sandbox when KNIT_MODE=sandbox). */
    public String authorization() {
        return "Bearer " + apiKey;
    }

    /**
     * Reads a 2xx answer: {@code success:true} is a started sync; {@code success:false} (e.g. syncs not enabled
     * for the category) is a configuration problem reported with Knit's message.
     *
     * @param execution Knit's execution id for the sync (its {@code X-Knit-Execution-Id} header), if it sent one
     * @return the answer's {@code data}
     */
    public String readAnswer(String integrationId, String execution, String answerBody) {
        return readAnswer(integrationId, KnitDataType.CANDIDATES.wireName(), execution, answerBody);
    }

    /** As {@link #readAnswer(String, String, String)}, naming the data type in the log and in errors. */
    public String readAnswer(String integrationId, String dataType, String execution, String answerBody) {
        JsonNode answer = parse(answerBody);
        if (!answer.path("success").asBoolean(false)) {
            throw new KnitConfigurationException("Knit did not start the " + dataType + " sync for integration " + integrationId + ": "
                    + answer.path("error").path("msg").asText("no reason given")
                    + " -- are syncs enabled for the ATS category in Knit's dashboard?");
        }
        LOG.info("knit {} sync started for integration {} (execution {}): {}", dataType, integrationId,
                execution == null ? "-" : execution, answer.path("data").toString());
        return answer.path("data").toString();
    }

    /**
     * Logs why a sync could not be started, once, with what to do about it: a refused key or integration names
     * the settings to fix; anything else carries Knit's own message.
     */
    public void reportFailure(String integrationId, Throwable error) {
        if (error instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            String body = http.getResponseBody();
            String knitMessage = parse(body).path("error").path("msg").asText(body == null ? "" : abbreviate(body));
            if (status == 401 || status == 403) {
                LOG.error("Knit refused sync.start for integration {} (HTTP {}: {}). Check KNIT_API_KEY and KNIT_INTEGRATION_ID.",
                        integrationId, status, knitMessage);
            } else {
                LOG.error("Knit sync.start failed after retries for integration {} (HTTP {}): {}", integrationId, status,
                        knitMessage);
            }
        } else if (error instanceof KnitConfigurationException) {
            LOG.error(error.getMessage());
        } else {
            LOG.error("Knit sync.start failed after retries for integration {}: {}", integrationId,
                    error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage());
        }
    }

    private JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
        } catch (Exception e) {
            return mapper.createObjectNode();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
