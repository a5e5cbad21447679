package dev.candidaterouter.knit.sandbox;

/** A sync was requested for an integration id the sandbox was not configured with. */
public class UnknownIntegrationException extends RuntimeException {
    private final String integrationId;

    public UnknownIntegrationException(String integrationId) {
        super("unknown integration id '" + integrationId + "'");
        this.integrationId = integrationId;
    }

    public String integrationId() {
        return integrationId;
    }
}
