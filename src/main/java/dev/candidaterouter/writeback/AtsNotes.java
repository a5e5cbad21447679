package dev.candidaterouter.writeback;

import dev.candidaterouter.dispatch.PermanentDispatchFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which integrations take notes through Knit's passthrough, and with which ATS's adapter (setting ATS_NOTES, e.g.
 * {@code acme-greenhouse=greenhouse}; empty: none, the default). Knit offers no unified note API
 * (knit-closed-loop.md §2), so a note is the ATS's own API call wrapped in {@code POST /v1.0/passthrough}; one adapter
 * ships: {@link GreenhouseNotes}.
 */
public class AtsNotes {
    /** The only ATS with an adapter. */
    public static final String GREENHOUSE = "greenhouse";

    private final Map<String, String> atsByIntegration;
    private final GreenhouseNotes greenhouse;

    /**
     * @param setting comma-separated {@code integrationId=ats} pairs
     * @throws IllegalArgumentException naming the pair that is not one, or an ATS without an adapter
     */
    public AtsNotes(String setting, GreenhouseNotes greenhouse) {
        this.greenhouse = greenhouse;
        this.atsByIntegration = new LinkedHashMap<>();
        for (String pair : (setting == null ? "" : setting).split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("ATS_NOTES: '" + pair.strip() + "' is not integrationId=ats");
            }
            String ats = parts[1].strip().toLowerCase(java.util.Locale.ROOT);
            if (!GREENHOUSE.equals(ats)) {
                throw new IllegalArgumentException("ATS_NOTES: no note adapter for ATS '" + parts[1].strip()
                        + "' (adapters: " + GREENHOUSE + ")");
            }
            atsByIntegration.put(parts[0].strip(), ats);
        }
    }

    /** Whether the integration's ATS takes notes (the result rules' {@code atsTakesNotes}). */
    public boolean enabledFor(String integrationId) {
        return atsByIntegration.containsKey(integrationId);
    }

    /** Whether any integration takes notes: then the adapters' own settings must be complete (start-up check). */
    public boolean anyEnabled() {
        return !atsByIntegration.isEmpty();
    }

    /** The body of {@code POST /v1.0/passthrough} that adds {@code text} as a note on the candidate. */
    public Map<String, Object> passthrough(String integrationId, String candidateId, String text) {
        String ats = atsByIntegration.get(integrationId);
        if (ats == null) {
            throw new PermanentDispatchFailure("no note adapter for integration " + integrationId
                    + " any more (ATS_NOTES); replay once it is set again, or leave the note");
        }
        return greenhouse.passthrough(candidateId, text);
    }
}
