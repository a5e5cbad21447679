package dev.candidaterouter.http;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Installs Vert.x handlers on the platform-http router of one port, ahead of the Camel routes there (negative
 * order): for what must happen before Camel's own body handler reads a request. Runs once the context has fully
 * started, since the embedded HTTP server and its router may not exist before.
 */
public abstract class AheadOfRoutes implements StartupListener {
    private final int port;

    protected AheadOfRoutes(int port) {
        this.port = port;
    }

    /** Adds this listener's routes to the router of its port. */
    protected abstract void install(VertxPlatformHttpRouter router);

    @Override
    public final void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Too early: the embedded HTTP server and its router may not exist yet.
    }

    @Override
    public final void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no platform-http router for port " + port + " for " + getClass().getSimpleName());
        }
        install(router);
    }
}
