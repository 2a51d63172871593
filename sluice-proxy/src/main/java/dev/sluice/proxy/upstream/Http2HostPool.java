package dev.sluice.proxy.upstream;

import dev.sluice.config.model.Cluster;
import dev.sluice.proxy.stats.ClusterStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One multiplexed HTTP/2 (h2c, prior knowledge) connection to one host, owned by one worker.
 * Each exchange opens a stream on it; requests that arrive while it connects wait for it.
 */
final class Http2HostPool extends HostPool {
    private Channel connection;
    private boolean connected;
    private List<Runnable> waiting = new ArrayList<>();
    private boolean retired;
    // Exchanges holding or waiting for a stream on the connection (see closeIfRetiredAndUnused).
    private int inUse;

    Http2HostPool(UpstreamHost host, EventLoop loop, Cluster cluster, ClusterStats stats, ClusterBreakers breakers) {
        super(host, loop, cluster, stats, breakers);
    }

    @Override
    void acquire(ResponseListener listener, AcquireCallback callback) {
        if (connection != null && connection.isActive() && connected) {
            inUse++;
            openStream(listener, callback, true);
            return;
        }
        if (connection == null || !connection.isOpen()) {
            if (!admitConnection(callback)) {
                return;
            }
            connectH2();
        }
        inUse++;
        waiting.add(() -> {
            if (connected && connection.isActive()) {
                openStream(listener, callback, false);
            } else {
                inUse--;
                callback.onLeaseFailure(false, null);
            }
        });
    }

    private void connectH2() {
        connected = false;
        long idleMillis = cluster.idleTimeout().toMillis();
        var future = connect(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
                c.pipeline().addLast(
                        new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS), // reads only: see ListenerServer
                        // Requests of many streams share this connection: one writev per
                        // event-loop pass, not one per stream (see PipelineFactory.http2).
                        new FlushConsolidationHandler(
                                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                        Http2FrameCodecBuilder.forClient()
                                .initialSettings(Http2Settings.defaultSettings()
                                        .initialWindowSize(1024 * 1024))
                                .validateHeaders(true)
                                .build(),
                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                        new IdleCloser());
            }
        });
        Channel ch = future.channel();
        connection = ch;
        ch.closeFuture().addListener(f -> {
            if (connection == ch) {
                connection = null;
                connected = false;
            }
        });
        future.addListener(f -> {
            if (f.isSuccess()) {
                connected = true;
            }
            List<Runnable> ws = waiting;
            waiting = new ArrayList<>();
            for (Runnable w : ws) {
                w.run();
            }
        });
    }

    private void openStream(ResponseListener listener, AcquireCallback callback, boolean reused) {
        UpstreamHandler handler = new UpstreamHandler();
        handler.attach(listener);
        new Http2StreamChannelBootstrap(connection)
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel c) {
                        c.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), handler);
                    }
                })
                .open()
                .addListener(f -> {
                    if (f.isSuccess()) {
                        if (reused) {
                            stats.reused().inc();
                        }
                        callback.onLease(new UpstreamLease((Channel) f.getNow(), handler, this, reused));
                    } else {
                        handler.detach();
                        inUse--;
                        closeIfRetiredAndUnused();
                        callback.onLeaseFailure(false, f.cause());
                    }
                });
    }

    @Override
    void release(Channel channel, UpstreamHandler handler, boolean reusable) {
        // A finished stream is closed by the codec; closing an unfinished one resets it.
        channel.close();
        inUse--;
        closeIfRetiredAndUnused();
    }

    @Override
    void retire() {
        retired = true;
        closeIfRetiredAndUnused();
    }

    /**
     * A retired pool closes its connection once no exchange uses it. "Uses" starts at acquire,
     * not when the stream opens: closing while a request waited for the connect, or while its
     * stream was opening, failed it (503 upstream_connect_failure) on reloads that replaced the
     * cluster; closing with streams in flight failed them (502 upstream_reset).
     */
    private void closeIfRetiredAndUnused() {
        if (retired && inUse == 0 && connection != null) {
            connection.close();
        }
    }

    @Override
    int idleConnections() {
        return 0;
    }

    /** Closes the connection on idle timeout; the parent channel only carries control frames. */
    private static final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
                Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
                if (codec == null || codec.connection().numActiveStreams() == 0) {
                    ctx.close();
                }
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
