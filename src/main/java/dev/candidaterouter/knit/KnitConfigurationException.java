package dev.candidaterouter.knit;

/** Knit refused us for a reason only configuration can fix (bad key, unknown integration): never retried. */
public class KnitConfigurationException extends RuntimeException {
    public KnitConfigurationException(String message) {
        super(message);
    }
}
