package dev.candidaterouter.knit;

import dev.candidaterouter.JsonError;
import dev.candidaterouter.RouterMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers form-encoded and multipart webhook requests with the same 415 as any other non-JSON body, before the
 * HTTP server reads them. Vert.x parses such bodies into form fields ahead of every Camel route, and refuses a
 * field over 1 KB (any real Knit event) with a bare 400 that the webhook route never sees. This handler sits
 * first on the webhook path of the platform-http router; every other request goes on unchanged.
 */
public class FormBodyGuard implements Handler<RoutingContext>, StartupListener {
    private static final Logger LOG = LoggerFactory.getLogger(FormBodyGuard.class);

    private final int port;
    private final String path;
    private final RouterMetrics metrics;

    /** Guards {@code path} on the platform-http server of {@code port} (the router is registered per port). */
    public FormBodyGuard(int port, String path, RouterMetrics metrics) {
        this.port = port;
        this.path = path;
        this.metrics = metrics;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Too early: the embedded HTTP server and its router may not exist yet.
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        // Order -1 puts this handler ahead of the Camel routes on the same path.
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no platform-http router for port " + port + " to guard " + path + " on");
        }
        router.route(HttpMethod.POST, path).order(-1).handler(this);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String lower = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("application/x-www-form-urlencoded") && !lower.startsWith("multipart/")) {
            ctx.next();
            return;
        }
        metrics.webhookEvent(null, "not_json");
        LOG.warn("webhook refused (415): {} (Content-Type {})", WebhookReceiver.NOT_JSON, LogText.clip(contentType));
        ctx.response().setStatusCode(415).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(JsonError.of(WebhookReceiver.NOT_JSON));
    }
}
