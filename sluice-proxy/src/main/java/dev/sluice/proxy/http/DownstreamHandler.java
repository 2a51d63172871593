package dev.sluice.proxy.http;

import dev.sluice.proxy.ProxyContext;
import dev.sluice.proxy.route.ListenerRouter;
import dev.sluice.proxy.listener.DrainSignal;
import dev.sluice.proxy.stats.ListenerStats;
import dev.sluice.proxy.upstream.WorkerUpstreams;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateEvent;
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
    private ChannelHandlerContext ctx;
    private ProxyStream current;
    private ArrayDeque<HttpObject> pipelined;
    private boolean closeWhenIdle;

    public DownstreamHandler(DownstreamConnection connection, boolean h2) {
        this.connection = connection;
        this.context = connection.context();
        this.h2 = h2;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The client's IP for X-Forwarded-For, formatted once per connection. */
    String clientIp() {
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
        ProxyStream s = current;
        current = null;
        if (s != null) {
            s.onDownstreamClosed();
        }
        releasePipelined();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (current == null) {
                ctx.close();
            }
            return;
        }
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
