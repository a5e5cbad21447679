package dev.candidaterouter.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A body limit of its own for one path of the public HTTP server, enforced while the body arrives. Camel's
 * platform-http reads every body up to one server-wide limit (the webhook's 25 MB) before any route runs, so a
 * route that checks a smaller limit has already paid for the whole body: four 24 MB requests to
 * {@code /rules/evaluate} once ran the process out of memory. A Vert.x body handler placed ahead of Camel's on this
 * path reads the body instead, refuses it with 413 as soon as it passes {@code maxBytes} (declared or chunked),
 * and Camel's own body handler then sees the body already read and steps aside.
 */
public class EarlyBodyLimit extends AheadOfRoutes {
    private final String path;
    private final long maxBytes;

    /** Limits bodies on {@code path} (a Vert.x route path, {@code /admin/*} for a prefix) of the server on {@code port}. */
    public EarlyBodyLimit(int port, String path, long maxBytes) {
        super(port);
        this.path = path;
        this.maxBytes = maxBytes;
    }

    @Override
    protected void install(VertxPlatformHttpRouter router) {
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
