package dev.candidaterouter;

import dev.candidaterouter.http.ClientGoneIsNoError;
import dev.candidaterouter.http.EarlyBodyLimit;
import dev.candidaterouter.http.HttpServerLimits;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * The HTTP servers (webhook port and management port; camel.server.* and camel.management.* in
 * application.properties): the Vert.x instance they run on, with its limits for idle connections and slow clients,
 * and the early body limits of the calls that need only small bodies.
 */
public class HttpConfiguration implements CamelConfiguration {
    /** Admin calls take their arguments from the query string: a body is never needed. */
    private static final long ADMIN_MAX_BODY_BYTES = 64 * 1024;
    /** Twilio's inbound message forms are a few hundred bytes (the text is at most 1,600 characters). */
    private static final long TWILIO_MAX_BODY_BYTES = 64 * 1024;

    @PropertyInject("server.port")
    int serverPort;
    @PropertyInject("rules.evaluate-max-body-bytes")
    long evaluateMaxBodyBytes;

    /**
     * Camel's platform-http servers take the Vert.x instance bound here ({@link HttpServerLimits}). Closed once the
     * context has stopped: the servers, stopped among the context's services, still need it then.
     */
    @BindToRegistry("vertx")
    public Vertx vertx(CamelContext context, @PropertyInject("http.idle-timeout-seconds") long idleSeconds,
            @PropertyInject("http.request-read-timeout-seconds") long requestReadSeconds,
            @PropertyInject("http.min-request-bytes-per-second") long minBytesPerSecond) {
        HttpServerLimits limits = new HttpServerLimits(Duration.ofSeconds(idleSeconds), Duration.ofSeconds(requestReadSeconds),
                minBytesPerSecond);
        Vertx vertx = Vertx.vertx();
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                vertx.close();
            }
        });
        return limits.applyTo(vertx);
    }

    /** Calls that need small bodies refuse big ones as they arrive, not after the webhook's 25 MB were read. */
    @Override
    public void configure(CamelContext context) throws Exception {
        context.addStartupListener(new EarlyBodyLimit(serverPort, "/rules/evaluate", evaluateMaxBodyBytes));
        context.addStartupListener(new EarlyBodyLimit(serverPort, "/rules/backtest", evaluateMaxBodyBytes));
        context.addStartupListener(new EarlyBodyLimit(serverPort, "/admin/*", ADMIN_MAX_BODY_BYTES));
        // The console's files are only read (GET): a body is never needed there either.
        context.addStartupListener(new EarlyBodyLimit(serverPort, "/console*", ADMIN_MAX_BODY_BYTES));
        context.addStartupListener(new EarlyBodyLimit(serverPort, "/webhooks/twilio", TWILIO_MAX_BODY_BYTES));
        context.addStartupListener(new ClientGoneIsNoError(serverPort));
    }
}
