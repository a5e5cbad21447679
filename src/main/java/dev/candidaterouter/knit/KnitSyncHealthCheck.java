package dev.candidaterouter.knit;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports the last Knit sync event and the inbox backlog. Always UP: a quiet Knit is not a fault of ours, but
 * operators want to see where the sync stands.
 */
public class KnitSyncHealthCheck extends AbstractHealthCheck {
    private final SyncRunRepository syncRuns;
    private final InboxRepository inbox;

    public KnitSyncHealthCheck(SyncRunRepository syncRuns, InboxRepository inbox) {
        super("candidate-router", "knit-sync");
        this.syncRuns = syncRuns;
        this.inbox = inbox;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            builder.detail("inboxBacklog", inbox.backlog());
            syncRuns.latest().ifPresentOrElse(run -> {
                builder.detail("lastSyncEvent", run.eventType());
                builder.detail("lastSyncStatus", String.valueOf(run.status()));
                builder.detail("lastSyncProcessed", String.valueOf(run.processed()));
                builder.detail("lastSyncAt", String.valueOf(run.receivedAt()));
            }, () -> builder.detail("lastSyncEvent", "none yet"));
        } catch (RuntimeException e) {
            builder.detail("error", e.getMessage());
        }
        builder.up();
    }
}
