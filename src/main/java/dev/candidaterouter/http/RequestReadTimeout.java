package dev.candidaterouter.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1.x connection whose client is too slow to send a request. A client that trickles its headers or
 * body a byte at a time would otherwise hold the connection for as long as it likes (slowloris); one that uploads a
 * large body slowly but steadily must not be cut off, or a big webhook never gets in, however often Knit retries.
 * So, counted from the request's first byte (for a new connection, from the moment it was opened):
 * <ul>
 * <li>the headers must be complete within {@code limit};</li>
 * <li>the whole request within {@code limit + bodyBytesReceived / minBytesPerSecond}: the deadline moves on with
 * every body byte, so a body arriving at least at the minimum rate is never cut (like Jetty's MinRequestDataRate).
 * A client that stops sending altogether is left to the idle timeout.</li>
 * </ul>
 * Vert.x has no such limit and calls request handlers only once the headers are complete, so the clock runs in the
 * connection's Netty pipeline: it starts on the first bytes read in front of Vert.x's HTTP decoder, learns from
 * behind the decoder when the headers are complete and how much body has arrived, and stops when the decoder has
 * produced the request's last part. Reaching into the pipeline needs Vert.x's {@code ConnectionBase}; HTTP/2
 * connections (TLS only, as {@link HttpServerLimits} turns cleartext HTTP/2 off) are left to the idle timeout.
 */
final class RequestReadTimeout {
    private static final Logger LOG = LoggerFactory.getLogger(RequestReadTimeout.class);
    private static final String HTTP_DECODER = "httpDecoder";
    /** Once per process: a Vert.x upgrade that moves its internals would otherwise silently turn the limit off. */
    private static final AtomicBoolean WARNED_CANNOT_WATCH = new AtomicBoolean();

    private final Channel channel;
    private final long limitNanos;
    private final long minBytesPerSecond;
    // Touched only on the connection's event loop (pipeline handlers and tasks scheduled on it).
    private ScheduledFuture<?> deadline;
    private long requestStartedAt;
    private boolean headersRead;
    private long bodyBytes;
    /** Vert.x had paused reading at the last check: the client's clock restarts once reading resumes. */
    private boolean wasPaused;

    private RequestReadTimeout(Channel channel, Duration limit, long minBytesPerSecond) {
        this.channel = channel;
        // At most a year: any longer is "no limit" in practice, and nanoseconds overflow after 292 years.
        this.limitNanos = Math.min(limit.toSeconds(), Duration.ofDays(365).toSeconds()) * 1_000_000_000L;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    /** Starts watching a connection the server has just accepted (called on its event loop). */
    static void watch(HttpConnection connection, Duration limit, long minBytesPerSecond) {
        if (!(connection instanceof ConnectionBase base) || base.channel().pipeline().get(HTTP_DECODER) == null) {
            // HTTP/2 over TLS has no such decoder and is left to the idle timeout, as documented; anything else
            // means Vert.x's internals changed, and slow clients would no longer be closed.
            boolean http2 = connection instanceof ConnectionBase base
                    && base.channel().pipeline().get(Http2ConnectionHandler.class) != null;
            if (!http2 && WARNED_CANNOT_WATCH.compareAndSet(false, true)) {
                LOG.warn("HTTP_REQUEST_READ_TIMEOUT_SECONDS is not applied: cannot reach the HTTP decoder of a {}"
                        + " (Vert.x internals changed?); slow clients are closed only by the idle timeout",
                        connection.getClass().getName());
            }
            return;
        }
        RequestReadTimeout clock = new RequestReadTimeout(base.channel(), limit, minBytesPerSecond);
        ChannelPipeline pipeline = base.channel().pipeline();
        pipeline.addBefore(HTTP_DECODER, "requestReadStarted", clock.new BytesArrived());
        pipeline.addAfter(HTTP_DECODER, "requestReadEnded", clock.new RequestRead());
        clock.start();
    }

    /** A new request begins (its first bytes, or a new connection): its clock starts. */
    private void start() {
        if (deadline == null) {
            requestStartedAt = System.nanoTime();
            headersRead = false;
            bodyBytes = 0;
            checkIn(limitNanos);
        }
    }

    private void stop() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void checkIn(long nanos) {
        deadline = channel.eventLoop().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
    }

    /** The request's time is up unless body bytes arrived meanwhile have earned it more. */
    private void check() {
        deadline = null;
        if (!channel.isActive()) {
            return;
        }
        if (!channel.config().isAutoRead() || wasPaused) {
            // Vert.x paused reading (back-pressure, e.g. while the previous pipelined request is still handled):
            // the client is not the slow one. Its time starts over, and once more when reading has resumed (a
            // check that comes just after the resume must not count the paused time); what it sends meanwhile
            // waits in the socket.
            wasPaused = !channel.config().isAutoRead();
            restart();
            checkIn(limitNanos);
            return;
        }
        long allowed = limitNanos + (headersRead ? earnedNanos() : 0);
        long left = allowed - (System.nanoTime() - requestStartedAt);
        if (left > 0) {
            checkIn(left);
            return;
        }
        LOG.debug("HTTP connection from {} closed: {} after {} s ({} body bytes)", channel.remoteAddress(),
                headersRead ? "body slower than " + minBytesPerSecond + " bytes/s" : "no complete request headers",
                limitNanos / 1_000_000_000L, bodyBytes);
        channel.close();
    }

    private void restart() {
        requestStartedAt = System.nanoTime();
        bodyBytes = 0;
    }

    /** The extra time the body received so far has earned: one second per minimum rate's worth of bytes. */
    private long earnedNanos() {
        // Capped well below overflow: a body of more than ~9 GB would overflow bytes * 10^9.
        return bodyBytes >= Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2
                : bodyBytes * 1_000_000_000L / minBytesPerSecond;
    }

    /** In front of the decoder: any bytes while no request is being read start the clock. */
    private final class BytesArrived extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (wasPaused) {
                // Reading resumed after a pause: the request's time counts from now.
                wasPaused = false;
                restart();
            }
            start();
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stop();
            ctx.fireChannelInactive();
        }
    }

    /** Behind the decoder: the headers end the fixed part, body parts earn time, the last part stops the clock. */
    private final class RequestRead extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                // A pipelined request decoded from the same bytes as the end of the previous one has no clock yet.
                start();
                headersRead = true;
            }
            if (msg instanceof HttpContent content) {
                bodyBytes += content.content().readableBytes();
            }
            if (msg instanceof LastHttpContent) {
                stop();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
