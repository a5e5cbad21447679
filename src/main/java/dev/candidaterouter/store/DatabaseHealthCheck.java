package dev.candidaterouter.store;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while the database cannot be reached (webhooks then answer 503 and Knit retries). */
public class DatabaseHealthCheck extends AbstractHealthCheck {
    private final Database database;

    public DatabaseHealthCheck(Database database) {
        super("candidate-router", "database");
        this.database = database;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (database.isReachable()) {
            builder.up();
        } else {
            builder.message("database unreachable").down();
        }
    }
}
