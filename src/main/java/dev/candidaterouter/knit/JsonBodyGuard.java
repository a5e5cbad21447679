package dev.candidaterouter.knit;

import dev.candidaterouter.http.AheadOfRoutes;
import dev.candidaterouter.http.JsonError;
import dev.candidaterouter.metrics.RouterMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers webhook requests whose Content-Type is not JSON ({@link JsonMediaType}) with 415 before the HTTP server
 * reads their body: nobody's 25 MB of something else is buffered, and form-encoded or multipart bodies, which
 * Vert.x would parse into form fields ahead of every Camel route (refusing a field over 1 KB, any real Knit event,
 * with a bare 400 the webhook route never sees), get the same JSON 415 as any other. This handler sits first on the
 * webhook path of the platform-http router; JSON requests go on unchanged to the route, which checks the same rule.
 */
public class JsonBodyGuard extends AheadOfRoutes implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonBodyGuard.class);

    private final String path;
    private final RouterMetrics metrics;

    /** Guards {@code path} on the platform-http server of {@code port} (the router is registered per port). */
    public JsonBodyGuard(int port, String path, RouterMetrics metrics) {
        super(port);
        this.path = path;
        this.metrics = metrics;
    }

    @Override
    protected void install(VertxPlatformHttpRouter router) {
        // Order -1 puts this handler ahead of the Camel routes on the same path.
        router.route(HttpMethod.POST, path).order(-1).handler(this);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (JsonMediaType.matches(contentType)) {
            ctx.next();
            return;
        }
        metrics.webhookEvent(null, "not_json");
        LOG.warn("webhook refused (415): {} (Content-Type {})", WebhookReceiver.NOT_JSON, LogText.clip(contentType));
        ctx.response().setStatusCode(415).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(JsonError.of(WebhookReceiver.NOT_JSON));
    }
}
