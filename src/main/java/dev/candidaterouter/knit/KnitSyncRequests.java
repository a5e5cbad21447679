package dev.candidaterouter.knit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Knit's {@code POST /v1.0/sync.start} request for one integration and reads its answer. The HTTP call
 * itself is made by the {@code start-knit-sync} route, which retries {@link KnitUnavailableException}.
 */
public class KnitSyncRequests {
    /** Knit's ids of the six candidate models we subscribe to. */
    public static final List<String> MODELS = List.of("candidate_info", "candidate_education", "candidate_locations",
            "candidate_skills", "candidate_experiences", "candidate_attachments");

    private static final Logger LOG = LoggerFactory.getLogger(KnitSyncRequests.class);

    private final ObjectMapper mapper;
    private final String apiKey;
    private final List<String> integrationIds;
    private final String syncType;
    private final boolean honorScheduler;

    public KnitSyncRequests(ObjectMapper mapper, String apiKey, List<String> integrationIds, String syncType,
            boolean honorScheduler) {
        this.mapper = mapper;
        this.apiKey = apiKey;
        this.integrationIds = List.copyOf(integrationIds);
        this.syncType = syncType;
        this.honorScheduler = honorScheduler;
    }

    /** The integrations to sync: one per customer. */
    public List<String> integrationIds() {
        return integrationIds;
    }

    /** Turns the body (an integration id) into the sync.start request. */
    public void prepare(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String integrationId = in.getBody(String.class).trim();
        exchange.setProperty("knitIntegrationId", integrationId);
        ObjectNode body = mapper.createObjectNode();
        body.put("dataType", "ats_candidates");
        body.put("syncType", syncType);
        body.put("honorScheduler", honorScheduler);
        body.putPOJO("models", MODELS);
        in.removeHeaders("*");
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Authorization", "Bearer " + apiKey);
        in.setHeader(WebhookReceiver.INTEGRATION_HEADER, integrationId);
        in.setBody(mapper.writeValueAsString(body));
    }

    /**
     * Reads Knit's answer: 2xx with {@code success:true} is a started sync; 401/403 is a configuration error that
     * retrying cannot fix; 408, 429 and 5xx are worth retrying; anything else is reported with Knit's message.
     */
    public String readAnswer(Exchange exchange) {
        Message in = exchange.getMessage();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String integrationId = exchange.getProperty("knitIntegrationId", String.class);
        String execution = in.getHeader(WebhookReceiver.EXECUTION_HEADER, "-", String.class);
        String text = in.getBody(String.class);
        JsonNode answer = parse(text);
        String knitMessage = answer.path("error").path("msg").asText(text == null ? "" : abbreviate(text));
        if (status == 401 || status == 403) {
            throw new KnitConfigurationException("Knit refused sync.start for integration " + integrationId + " (HTTP "
                    + status + ": " + knitMessage + "). Check KNIT_API_KEY and KNIT_INTEGRATION_ID.");
        }
        if (status == 408 || status == 429 || status >= 500 || status == 0) {
            throw new KnitUnavailableException("Knit answered HTTP " + status + " to sync.start for integration "
                    + integrationId + ": " + knitMessage);
        }
        if (status < 200 || status >= 300 || !answer.path("success").asBoolean(false)) {
            throw new KnitConfigurationException("Knit did not start the sync for integration " + integrationId
                    + " (HTTP " + status + "): " + knitMessage + " -- are syncs enabled for the ATS category in Knit's dashboard?");
        }
        LOG.info("knit sync started for integration {} (execution {}): {}", integrationId, execution,
                answer.path("data").toString());
        return answer.path("data").toString();
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
