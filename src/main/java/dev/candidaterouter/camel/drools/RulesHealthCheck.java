package dev.candidaterouter.camel.drools;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the {@code drools:} rule sets: DOWN until rules are compiled; UP with {@code degraded=true} and the
 * compile error when a changed rule file was rejected (the previous rules still serve, but the files on disk are
 * not what runs).
 */
public class RulesHealthCheck extends AbstractHealthCheck {
    private final DroolsComponent component;

    public RulesHealthCheck(DroolsComponent component) {
        super("candidate-router", "rules");
        this.component = component;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (component.getRuleBooks().isEmpty()) {
            builder.down().message("no rules compiled yet");
            return;
        }
        String rejected = null;
        for (RuleBook book : component.getRuleBooks()) {
            RuleBookStatus s = book.status();
            String prefix = "rules." + s.rulesDir() + ".";
            builder.detail(prefix + "version", s.version());
            builder.detail(prefix + "rules", s.ruleCount());
            builder.detail(prefix + "loadedAt", String.valueOf(s.loadedAt()));
            if (s.isDegraded()) {
                rejected = s.lastError();
                builder.detail(prefix + "rejectedChange", s.lastError());
                builder.detail(prefix + "rejectedAt", String.valueOf(s.lastErrorAt()));
            }
        }
        builder.detail("degraded", rejected != null);
        builder.message(rejected != null
                ? "degraded: a rule change was rejected, the previous rules still serve. " + rejected
                : "rules compiled");
        builder.up();
    }
}
