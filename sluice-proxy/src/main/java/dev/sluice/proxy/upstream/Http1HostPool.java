package dev.sluice.proxy.upstream;

import dev.sluice.config.model.Cluster;
import dev.sluice.proxy.http.codec.Http1RequestEncoder;
import dev.sluice.proxy.http.codec.Http1ResponseDecoder;
import dev.sluice.proxy.stats.ClusterStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.util.ArrayDeque;

/**
 * HTTP/1.1 keep-alive connections to one host, owned by one worker loop: no locks. Idle
 * connections are reused last-in first-out (the warmest first); a connection is reused only
 * after a clean exchange and closed after {@code max_requests_per_connection}.
 */
final class Http1HostPool extends HostPool {
    /** Idle connections by their last handler (which knows its channel): no pipeline lookup per reuse. */
    private final ArrayDeque<UpstreamHandler> idle = new ArrayDeque<>();
    private boolean retired;

    Http1HostPool(UpstreamHost host, EventLoop loop, Cluster cluster, ClusterStats stats, ClusterBreakers breakers) {
        super(host, loop, cluster, stats, breakers);
    }

    @Override
    void acquire(ResponseListener listener, AcquireCallback callback) {
        UpstreamHandler h;
        while ((h = idle.pollLast()) != null) {
            // A closed connection leaves the deque from its close listener; the checks cover a
            // close still in flight.
            if (!h.isClosed() && h.channel().isActive()) {
                h.attach(listener);
                stats.reused().inc();
                callback.onLease(new UpstreamLease(h.channel(), h, this, true));
                return;
            }
        }
        if (openConnections() >= cluster.maxConnectionsPerWorker()) {
            callback.onLeaseFailure(true, null);
            return;
        }
        if (!admitConnection(callback)) {
            return;
        }
        // Attached only once connected: a failed connect is reported once, as a connect failure.
        // The handler keeps the reader-idle timeout itself: no IdleStateHandler hop on every read.
        UpstreamHandler handler = new UpstreamHandler(cluster.idleTimeout().toMillis());
        var future = connect(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
                Http1ResponseDecoder decoder = new Http1ResponseDecoder(8 * 1024, 64 * 1024, 64 * 1024);
                c.pipeline().addLast(new Http1RequestEncoder(decoder), decoder, handler);
            }
        });
        Channel channel = future.channel();
        channel.closeFuture().addListener(f -> idle.remove(handler));
        future.addListener(f -> {
            if (f.isSuccess()) {
                handler.attach(listener);
                callback.onLease(new UpstreamLease(channel, handler, this, false));
            } else {
                callback.onLeaseFailure(false, f.cause());
            }
        });
    }

    @Override
    void release(Channel channel, UpstreamHandler handler, boolean reusable) {
        int max = cluster.maxRequestsPerConnection();
        int uses = handler.countUse();
        if (!reusable || retired || !channel.isActive() || handler.isClosed() || (max > 0 && uses >= max)) {
            channel.close();
            return;
        }
        // An exchange may have paused reads (its client was slow) and finished inside the same
        // read batch: an idle connection must read again, or the next exchange never sees its
        // response (and a close by the server goes unnoticed).
        // (Checked first: setAutoRead is an atomic write even when nothing changes.)
        if (!channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        idle.addLast(handler);
    }

    @Override
    void retire() {
        retired = true;
        UpstreamHandler h;
        while ((h = idle.pollFirst()) != null) {
            h.channel().close();
        }
    }

    @Override
    int idleConnections() {
        return idle.size();
    }
}
