package dev.candidaterouter.assessment;

import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.camel.drools.RuleBookStatus;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.Registry;

/**
 * Readiness of one {@code drools:} rule set, as health check {@code rules-<name>} (e.g. {@code rules-assessment-routing}):
 * its version, rule count and load time. When a changed rule file was rejected the check stays UP, with
 * {@code rejected=true}, {@code rejectedAt} and the compile error as details for an alert to key on. With several
 * instances on one database, {@code instances} lists the version each serves (those heard from in the last 30 s) and
 * {@code versionMismatch=true} says they differ — also UP, for the same reason.
 *
 * <p>Why UP and not DOWN: the previous rules still serve, so this process decides correctly; only the files on
 * disk are not what runs. Readiness DOWN would make a load balancer take every instance sharing the rules folder
 * out of rotation at once, turning an analyst's typo into an outage. A rejected change is for a person to fix,
 * so it is an alert ({@code rejected} here, the {@code candidate_router_rules_rejected} gauge in the application),
 * not a routing decision. That is this application's policy, so the check is the application's and reads the
 * component's public rule books; camel-drools itself ships no health check.
 *
 * <p>A rule set has no check until its first endpoint starts, and that start fails when its rules do not compile:
 * until then Camel's own {@code context} and route checks keep the process not ready.
 */
public class RuleSetHealthCheck extends AbstractHealthCheck {
    /** An instance that has not said it is still serving for this long is not counted (it reports every 10 s). */
    static final Duration INSTANCE_FRESHNESS = Duration.ofSeconds(30);

    private final String ruleSet;
    private final RuleBook book;
    private final RuleHistory history;

    /** @param history where instances sharing the database report the version they serve; null: this one only */
    public RuleSetHealthCheck(String ruleSet, RuleBook book, RuleHistory history) {
        super("candidate-router", "rules-" + ruleSet);
        this.ruleSet = ruleSet;
        this.book = book;
        this.history = history;
    }

    /**
     * Binds a check for every rule set of {@code drools} into {@code registry}, where Camel's health registry finds
     * checks: those loaded already, and each new one as its first endpoint starts.
     */
    public static void publishAll(DroolsComponent drools, Registry registry, RuleHistory history) {
        drools.addRuleSetListener((name, book) -> registry.bind("rulesHealth-" + name, new RuleSetHealthCheck(name, book, history)));
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        RuleBookStatus s = book.status();
        builder.detail("ruleset", ruleSet);
        builder.detail("rulesDir", s.rulesDir());
        builder.detail("version", s.version());
        builder.detail("rules", s.ruleCount());
        builder.detail("loadedAt", String.valueOf(s.loadedAt()));
        builder.detail("rejected", s.isDegraded());
        builder.detail("degraded", s.isDegraded());
        boolean mismatch = false;
        if (history != null) {
            // Instances sharing the database that serve another version: a folder not shared, or a reload not yet
            // seen everywhere. For a person to look at, like a rejected change: the check stays UP.
            Map<String, String> instances = new TreeMap<>();
            try {
                history.served(ruleSet, INSTANCE_FRESHNESS).forEach(served -> instances.put(served.instanceId(), served.version()));
                mismatch = instances.values().stream().distinct().count() > 1;
                builder.detail("instances", instances);
            } catch (RuntimeException e) {
                builder.detail("instances", "unknown: " + e.getMessage()); // the database check reports the outage
            }
            builder.detail("versionMismatch", mismatch);
        }
        if (s.isDegraded()) {
            builder.detail("rejectedAt", String.valueOf(s.lastErrorAt()));
            builder.detail("rejectedChange", s.lastError());
            builder.message("degraded: a rule change was rejected, the previous rules still serve. " + s.lastError());
        } else if (mismatch) {
            builder.message("instances serve different versions of these rules (see instances)");
        } else {
            builder.message("rules compiled");
        }
        builder.up();
    }
}
