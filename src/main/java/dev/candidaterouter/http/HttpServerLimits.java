package dev.candidaterouter.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How long the HTTP servers (webhook port and management port) let a client take: a connection on which nothing
 * moves for {@code idleTimeout} is closed (Vert.x's idle timeout), and so is one that has not delivered a request's
 * headers within {@code requestReadTimeout} of its first byte, or sends its body slower than
 * {@code minRequestBytesPerSecond} on average ({@link RequestReadTimeout}) — the idle timeout alone does not stop a
 * client that trickles a byte every few seconds. The idle timeout also runs while a request is being handled: one
 * whose answer takes longer is cut off.
 * <p>
 * Camel's platform-http builds Vert.x's {@code HttpServerOptions} itself and has no setting for either, but it
 * takes the Vert.x instance from the registry. {@link #applyTo(Vertx)} returns that instance with one change: the
 * HTTP servers it creates carry these limits. Everything else is passed through unchanged.
 */
public record HttpServerLimits(Duration idleTimeout, Duration requestReadTimeout, long minRequestBytesPerSecond) {

    public HttpServerLimits {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || requestReadTimeout.isNegative() || requestReadTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP_IDLE_TIMEOUT_SECONDS and HTTP_REQUEST_READ_TIMEOUT_SECONDS must be"
                    + " positive, were " + idleTimeout.toSeconds() + " and " + requestReadTimeout.toSeconds());
        }
        if (minRequestBytesPerSecond <= 0) {
            throw new IllegalArgumentException("HTTP_MIN_REQUEST_BYTES_PER_SECOND must be positive, was " + minRequestBytesPerSecond);
        }
    }

    /** {@code vertx}, whose {@code createHttpServer} applies these limits to every server it creates. */
    public Vertx applyTo(Vertx vertx) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (Class<?> c = vertx.getClass(); c != null; c = c.getSuperclass()) {
            interfaces.addAll(Set.of(c.getInterfaces()));
        }
        // All interfaces of the real instance (VertxInternal too), so Vert.x code that casts to them still works.
        return (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), interfaces.toArray(Class<?>[]::new),
                (proxy, method, args) -> switch (method.getName()) {
                    case "createHttpServer" -> createServer(vertx,
                            args == null || args.length == 0 ? new HttpServerOptions() : (HttpServerOptions) args[0]);
                    // The proxy is its own identity: forwarded, equals would compare the real instance with the
                    // proxy (so the proxy would not equal itself) and hash sets would lose it.
                    case "equals" -> args != null && args.length == 1 && method.getParameterTypes()[0] == Object.class
                            ? proxy == args[0] : invoke(vertx, method, args);
                    case "hashCode" -> args == null || args.length == 0 ? System.identityHashCode(proxy) : invoke(vertx, method, args);
                    default -> invoke(vertx, method, args);
                });
    }

    private HttpServer createServer(Vertx vertx, HttpServerOptions requested) {
        // Without cleartext HTTP/2 a connection is HTTP/1.x from its first byte, and Vert.x hands it over at once;
        // with it, only after the first complete request headers, which a slow client need never finish sending.
        HttpServerOptions options = new HttpServerOptions(requested)
                .setIdleTimeout(Math.toIntExact(idleTimeout.toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(options)
                .connectionHandler(connection -> RequestReadTimeout.watch(connection, requestReadTimeout, minRequestBytesPerSecond));
    }

    private static Object invoke(Vertx vertx, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(vertx, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
