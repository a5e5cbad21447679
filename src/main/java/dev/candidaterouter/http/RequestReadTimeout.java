package dev.candidaterouter.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1.x connection that has not delivered a whole request (headers and body) within a time limit,
 * counted from the request's first byte — and, for a new connection, from the moment it was opened. A client that
 * trickles its headers or body a byte at a time would otherwise hold the connection for as long as it likes.
 * <p>
 * Vert.x has no such limit and calls request handlers only once the headers are complete, so the clock runs in the
 * connection's Netty pipeline: it starts on the first bytes read in front of Vert.x's HTTP decoder and stops when
 * the decoder has produced the request's last part. Reaching into the pipeline needs Vert.x's
 * {@code ConnectionBase}; HTTP/2 connections (TLS only, as {@link HttpServerLimits} turns cleartext HTTP/2 off)
 * are left to the idle timeout.
 */
final class RequestReadTimeout {
    private static final Logger LOG = LoggerFactory.getLogger(RequestReadTimeout.class);
    private static final String HTTP_DECODER = "httpDecoder";

    private final Channel channel;
    private final Duration limit;
    private ScheduledFuture<?> deadline;

    private RequestReadTimeout(Channel channel, Duration limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /** Starts watching a connection the server has just accepted (called on its event loop). */
    static void watch(HttpConnection connection, Duration limit) {
        if (!(connection instanceof ConnectionBase base) || base.channel().pipeline().get(HTTP_DECODER) == null) {
            return;
        }
        RequestReadTimeout clock = new RequestReadTimeout(base.channel(), limit);
        ChannelPipeline pipeline = base.channel().pipeline();
        pipeline.addBefore(HTTP_DECODER, "requestReadStarted", clock.new BytesArrived());
        pipeline.addAfter(HTTP_DECODER, "requestReadEnded", clock.new RequestRead());
        clock.start();
    }

    private void start() {
        if (deadline == null) {
            deadline = channel.eventLoop().schedule(this::expire, limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void stop() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire() {
        LOG.debug("HTTP connection from {} closed: no complete request within {} s", channel.remoteAddress(), limit.toSeconds());
        channel.close();
    }

    /** In front of the decoder: any bytes while no request is being read start the clock. */
    private final class BytesArrived extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            start();
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            stop();
            ctx.fireChannelInactive();
        }
    }

    /** Behind the decoder: the request's last part (a body's end, or the end of a body-less request) stops it. */
    private final class RequestRead extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof LastHttpContent) {
                stop();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
