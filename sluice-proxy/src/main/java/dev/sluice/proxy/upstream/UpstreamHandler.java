package dev.sluice.proxy.upstream;

import dev.sluice.proxy.channel.ReadIdleTimer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream channel (an HTTP/1.1 connection or an HTTP/2 stream): hands
 * what arrives to the exchange currently using the channel. An idle pooled connection has no
 * listener; anything it receives, or an idle timeout, closes it.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    /** The connection's idle timeout on HTTP/1.1; null on an HTTP/2 stream (its connection has one). */
    private final ReadIdleTimer idleTimer;
    private ResponseListener listener;
    private Channel channel;
    private boolean closed;
    private boolean refused;
    private int uses;

    /** The handler of one HTTP/2 stream. */
    UpstreamHandler() {
        this.idleTimer = null;
    }

    /**
     * The handler of an HTTP/1.1 connection, which also keeps its reader-idle timeout: no
     * IdleStateHandler hop on every read.
     */
    UpstreamHandler(long idleMillis) {
        this.idleTimer = new ReadIdleTimer(idleMillis, this::closeIfIdle);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (idleTimer != null && channel.isActive()) {
            idleTimer.start(channel);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (idleTimer != null) {
            idleTimer.start(ctx.channel()); // added before the connect: the idle time counts from it
        }
        ctx.fireChannelActive();
    }

    /** The channel this handler ends; set once the handler is in its pipeline. */
    Channel channel() {
        return channel;
    }

    /** Counts one finished exchange on this channel and returns the total. */
    int countUse() {
        return ++uses;
    }

    void attach(ResponseListener listener) {
        this.listener = listener;
    }

    void detach() {
        this.listener = null;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ResponseListener l = listener;
        if (l != null && msg instanceof HttpObject http) {
            l.onResponseObject(http);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (idleTimer != null) {
            idleTimer.readComplete();
        }
        ResponseListener l = listener;
        if (l != null) {
            l.onResponseReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ResponseListener l = listener;
        if (l != null) {
            l.onUpstreamWritability(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (idleTimer != null) {
            idleTimer.stop();
        }
        ResponseListener l = listener;
        listener = null;
        if (l != null) {
            l.onUpstreamClosed(refused ? StreamRefusedException.INSTANCE : null);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ResponseListener l = listener;
        listener = null;
        ctx.close();
        if (l != null) {
            l.onUpstreamClosed(cause);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame reset && reset.errorCode() == Http2Error.REFUSED_STREAM.code()) {
            // The stream closes right after: tell the exchange it was refused, so it may retry.
            refused = true;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Nothing read for the cluster's idle timeout: close if pooled, not if an exchange is using it. */
    private void closeIfIdle() {
        if (listener == null) {
            channel.close();
        }
    }
}
