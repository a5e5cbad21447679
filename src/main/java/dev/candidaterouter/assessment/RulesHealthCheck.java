package dev.candidaterouter.assessment;

import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.camel.drools.RuleBookStatus;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the {@code drools:} rule sets: DOWN until rules are compiled. When a changed rule file was rejected
 * the check stays UP, with {@code rejected=true}, {@code rejectedAt} (when the change was rejected; with several
 * rule sets, the earliest) and the compile error as details for an alert to key on.
 *
 * <p>Why UP and not DOWN: the previous rules still serve, so this process decides correctly; only the files on
 * disk are not what runs. Readiness DOWN would make a load balancer take every instance sharing the rules folder
 * out of rotation at once, turning an analyst's typo into an outage. A rejected change is for a person to fix,
 * so it is an alert ({@code rejected} here, the {@code candidate_router_rules_rejected} gauge in the application),
 * not a routing decision. That is this application's policy, so the check is the application's and reads the
 * component's public rule books; camel-drools itself ships no health check.
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
        Instant rejectedAt = null;
        for (RuleBook book : component.getRuleBooks()) {
            RuleBookStatus s = book.status();
            String prefix = "rules." + s.rulesDir() + ".";
            builder.detail(prefix + "version", s.version());
            builder.detail(prefix + "rules", s.ruleCount());
            builder.detail(prefix + "loadedAt", String.valueOf(s.loadedAt()));
            if (s.isDegraded()) {
                rejected = s.lastError();
                rejectedAt = rejectedAt == null || s.lastErrorAt().isBefore(rejectedAt) ? s.lastErrorAt() : rejectedAt;
                builder.detail(prefix + "rejectedChange", s.lastError());
                builder.detail(prefix + "rejectedAt", String.valueOf(s.lastErrorAt()));
            }
        }
        builder.detail("rejected", rejected != null);
        if (rejectedAt != null) {
            builder.detail("rejectedAt", rejectedAt.toString());
        }
        builder.detail("degraded", rejected != null);
        builder.message(rejected != null
                ? "degraded: a rule change was rejected, the previous rules still serve. " + rejected
                : "rules compiled");
        builder.up();
    }
}
