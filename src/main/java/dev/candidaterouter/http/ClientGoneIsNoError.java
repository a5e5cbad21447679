package dev.candidaterouter.http;

import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that closes its connection while its request is being read or answered (a load balancer's timeout, Knit
 * giving up, a curl interrupted) is routine: Vert.x reports it as a failure no handler claimed and logs
 * {@code ERROR Unhandled exception in router} with no request named, which pages an operator for nothing. This
 * failure handler, first on the port's routes, logs that case as one INFO line naming the request and ends the
 * failure there (there is nobody left to answer); any other failure goes on to Vert.x's and Camel's handling as
 * before.
 */
public class ClientGoneIsNoError extends AheadOfRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ClientGoneIsNoError.class);

    public ClientGoneIsNoError(int port) {
        super(port);
    }

    @Override
    protected void install(VertxPlatformHttpRouter router) {
        // A failure handler on every path of the port (the routes Camel mounts there included), ahead of them all.
        router.route().order(Integer.MIN_VALUE).failureHandler(ClientGoneIsNoError::handle);
    }

    static void handle(RoutingContext context) {
        if (clientClosed(context.failure())) {
            LOG.info("HTTP {} {}: the client closed the connection before the answer", context.request().method(),
                    context.normalizedPath());
        } else {
            context.next();
        }
    }

    private static boolean clientClosed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }
}
