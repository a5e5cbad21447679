package dev.candidaterouter.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A body limit of its own for one path of the public HTTP server, enforced while the body arrives. Camel's
 * platform-http reads every body up to one server-wide limit (the webhook's 25 MB) before any route runs, so a
 * route that checks a smaller limit has already paid for the whole body: four 24 MB requests to
 * {@code /rules/evaluate} once ran the process out of memory. A Vert.x body handler placed ahead of Camel's on this
 * path reads the body instead, refuses it with 413 as soon as it passes {@code maxBytes} (declared or chunked),
 * and Camel's own body handler then sees the body already read and steps aside.
 */
public class EarlyBodyLimit implements StartupListener {
    private final int port;
    private final String path;
    private final long maxBytes;

    /** Limits bodies on {@code path} (a Vert.x route path, {@code /admin/*} for a prefix) of the server on {@code port}. */
    public EarlyBodyLimit(int port, String path, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("body limit for " + path + " must be positive, was " + maxBytes);
        }
        this.port = port;
        this.path = path;
        this.maxBytes = maxBytes;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Too early: the embedded HTTP server and its router may not exist yet.
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no platform-http router for port " + port + " to limit bodies of " + path + " on");
        }
        // Order -2: ahead of every other handler on the path (the webhook's content-type guard is -1).
        router.route(path).order(-2)
                .handler(BodyHandler.create(false).setBodyLimit(maxBytes))
                .failureHandler(ctx -> {
                    if (ctx.statusCode() != 413 || ctx.response().ended()) {
                        ctx.next();
                        return;
                    }
                    ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                            .end("{\"error\":\"body exceeds the limit of " + maxBytes + " bytes for " + path + "\"}");
                });
    }
}
