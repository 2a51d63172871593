package dev.sluice.proxy.upstream;

import io.netty.channel.Channel;

/** The upstream channels of one host on one worker. */
abstract class HostPool {
    private final UpstreamHost host;

    HostPool(UpstreamHost host) {
        this.host = host;
    }

    UpstreamHost host() {
        return host;
    }

    /** Gets a channel for {@code listener}'s exchange; calls back on this worker's loop. */
    abstract void acquire(ResponseListener listener, AcquireCallback callback);

    abstract void release(Channel channel, UpstreamHandler handler, boolean reusable);

    /** Closes idle channels now and the rest as they are released. */
    abstract void retire();

    abstract int openConnections();

    abstract int idleConnections();
}
