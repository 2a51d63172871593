package dev.sluice.proxy.upstream;

import dev.sluice.config.model.Cluster;
import dev.sluice.proxy.stats.ClusterStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;

/**
 * The upstream channels of one host on one worker. Every connection a pool opens goes through
 * {@link #admitConnection} and {@link #connect}, so the max-connections breaker and the
 * connection stats are kept in one place for both protocols.
 */
abstract class HostPool {
    private final UpstreamHost host;
    final EventLoop loop;
    final Cluster cluster;
    final ClusterStats stats;
    final ClusterBreakers breakers;
    private int open;

    HostPool(UpstreamHost host, EventLoop loop, Cluster cluster, ClusterStats stats, ClusterBreakers breakers) {
        this.host = host;
        this.loop = loop;
        this.cluster = cluster;
        this.stats = stats;
        this.breakers = breakers;
    }

    UpstreamHost host() {
        return host;
    }

    /**
     * Takes a connection slot from the cluster's max-connections breaker. When none is left the
     * overflow is counted, {@code callback} gets the typed failure, and this returns false.
     */
    final boolean admitConnection(AcquireCallback callback) {
        if (breakers.tryOpenConnection()) {
            return true;
        }
        stats.breakerOverflow(breakers.label("max_connections")).inc();
        callback.onLeaseFailure(true, ClusterBreakers.CONNECTIONS_OVERFLOW);
        return false;
    }

    /**
     * Connects to the host with an admitted slot; the connection counts as open (and holds its
     * slot) until it closes. Listeners added by the caller run after the accounting.
     */
    final ChannelFuture connect(ChannelInitializer<SocketChannel> init) {
        open++;
        stats.activeConnections().inc();
        ChannelFuture future = UpstreamConnector.connect(loop, cluster, host, init);
        future.channel().closeFuture().addListener(f -> {
            open--;
            breakers.connectionClosed();
            stats.activeConnections().dec();
        });
        future.addListener(f -> {
            if (f.isSuccess()) {
                stats.connections().inc();
            } else {
                stats.connectFailures().inc();
            }
        });
        return future;
    }

    final int openConnections() {
        return open;
    }

    /** Gets a channel for {@code listener}'s exchange; calls back on this worker's loop. */
    abstract void acquire(ResponseListener listener, AcquireCallback callback);

    abstract void release(Channel channel, UpstreamHandler handler, boolean reusable);

    /** Closes idle channels now and the rest as they are released. */
    abstract void retire();

    abstract int idleConnections();
}
