package dev.candidaterouter.http;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * The one word a load balancer needs: are all health checks up? The checks themselves and their details are
 * served only on the management port.
 */
public final class OverallHealth {
    private OverallHealth() {
    }

    /** True when every health check (liveness and readiness: context, routes, database, rules, Knit sync) is UP. */
    public static boolean isUp(CamelContext context) {
        return HealthCheckHelper.invoke(context).stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
    }
}
