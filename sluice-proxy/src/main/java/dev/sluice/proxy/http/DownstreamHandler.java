package dev.sluice.proxy.http;

import dev.sluice.proxy.ProxyContext;
import dev.sluice.proxy.channel.ReadIdleTimer;
import dev.sluice.proxy.route.ListenerRouter;
import dev.sluice.proxy.listener.DrainSignal;
import dev.sluice.proxy.stats.ListenerStats;
import dev.sluice.proxy.upstream.WorkerUpstreams;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives requests from one HTTP/1.1 connection or one HTTP/2 stream (both decoded to the same
 * HttpRequest / HttpContent objects) and runs each through a {@link ProxyStream}. On HTTP/1.1,
 * requests are served one at a time in order; a pipelined request waits, with reads paused.
 */
public final class DownstreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

    private final DownstreamConnection connection;
    private final ProxyContext context;
    private final boolean h2;
    /** The connection's idle timeout on HTTP/1.1; null on an HTTP/2 stream (its connection has one). */
    private final ReadIdleTimer idleTimer;
    private ChannelHandlerContext ctx;
    private ProxyStream current;
    private ArrayDeque<HttpObject> pipelined;
    private boolean closeWhenIdle;

    private DownstreamHandler(DownstreamConnection connection, boolean h2, long idleMillis) {
        this.connection = connection;
        this.context = connection.context();
        this.h2 = h2;
        this.idleTimer = h2 ? null : new ReadIdleTimer(idleMillis, this::closeIfIdle);
    }

    /**
     * The handler of an HTTP/1.1 connection, which also keeps its reader-idle timeout: no
     * IdleStateHandler hop on every read.
     */
    public static DownstreamHandler http1(DownstreamConnection connection, long idleMillis) {
        return new DownstreamHandler(connection, false, idleMillis);
    }

    /** The handler of one HTTP/2 stream; the connection's idle timeout is kept on the connection. */
    public static DownstreamHandler h2Stream(DownstreamConnection connection) {
        return new DownstreamHandler(connection, true, 0);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (idleTimer != null && ctx.channel().isActive()) {
            idleTimer.start(ctx.channel());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (idleTimer != null) {
            idleTimer.start(ctx.channel()); // added before the channel was active
        }
        ctx.fireChannelActive();
    }

    /** The client's IP for X-Forwarded-For, formatted once per connection. */
    AsciiString clientIp() {
        return connection.clientIp();
    }

    WorkerUpstreams worker() {
        return connection.worker();
    }

    ListenerStats listenerStats() {
        return connection.stats();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject http)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (pipelined != null && !pipelined.isEmpty()) {
            pipelined.add(http);
            return;
        }
        dispatch(http);
    }

    private void dispatch(HttpObject http) {
        ProxyStream s = current;
        if (s != null && !s.requestComplete()) {
            if (http instanceof HttpContent content) {
                s.onRequestContent(content);
            } else {
                ReferenceCountUtil.release(http);
            }
            return;
        }
        if (s != null) {
            // HTTP/1.1 pipelining: the next request waits for this response.
            if (pipelined == null) {
                pipelined = new ArrayDeque<>(4);
            }
            pipelined.add(http);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (!(http instanceof HttpRequest req)) {
            ReferenceCountUtil.release(http); // the tail of a body we already answered
            return;
        }
        ListenerRouter router = context.snapshot().router(connection.listener());
        ProxyStream stream = new ProxyStream(context, this, ctx, h2, router.config(), router);
        current = stream;
        connection.stats().activeStreams().inc();
        stream.start(req);
    }

    /** The stream finished its response; on HTTP/1.1 the next request may start. */
    void streamFinished(ProxyStream stream) {
        connection.stats().activeStreams().dec();
        if (stream.discarding()) {
            // The reply went out early; the rest of the request body is read and dropped first.
            return;
        }
        endStream(stream);
    }

    /** The body of an early-answered request has been read to its end. */
    void requestDrained(ProxyStream stream) {
        if (stream == current && stream.isDone()) {
            endStream(stream);
        }
    }

    private void endStream(ProxyStream stream) {
        if (current != stream) {
            return;
        }
        current = null;
        if (h2) {
            return;
        }
        if (stream.closeConnectionAfter() || closeWhenIdle || context.draining()) {
            ctx.channel().config().setAutoRead(false);
            releasePipelined();
            // The response was written with a close listener or is flushed; close once flushed.
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        ctx.channel().config().setAutoRead(true);
        ArrayDeque<HttpObject> queue = pipelined;
        while (queue != null && !queue.isEmpty()) {
            if (current != null && current.requestComplete()) {
                ctx.channel().config().setAutoRead(false);
                break; // the next queued request waits for this response
            }
            dispatch(queue.poll());
        }
        if (current != null) {
            // Queued objects were not read now, so no channelReadComplete will flush what they
            // wrote upstream (e.g. the last chunk of a pipelined request): flush here.
            current.onDownstreamReadComplete();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (idleTimer != null) {
            idleTimer.readComplete();
        }
        ProxyStream s = current;
        if (s != null) {
            s.onDownstreamReadComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ProxyStream s = current;
        if (s != null) {
            s.onDownstreamWritability(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idleTimer != null) {
            idleTimer.stop();
        }
        ProxyStream s = current;
        current = null;
        if (s != null) {
            s.onDownstreamClosed();
        }
        releasePipelined();
        ctx.fireChannelInactive();
    }

    /**
     * Nothing read for the listener's idle timeout: close, unless a request is in progress (its
     * own stream timeouts bound it; the timer asks again an idle time later).
     */
    private void closeIfIdle() {
        if (current == null) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DrainSignal.INSTANCE) {
            if (current == null) {
                ctx.close();
            } else {
                closeWhenIdle = true;
                current.closeConnectionAfterResponse();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("downstream {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    private void releasePipelined() {
        if (pipelined != null) {
            HttpObject o;
            while ((o = pipelined.poll()) != null) {
                ReferenceCountUtil.release(o);
            }
        }
    }
}
