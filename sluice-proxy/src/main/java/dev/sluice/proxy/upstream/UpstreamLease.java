package dev.sluice.proxy.upstream;

import io.netty.channel.Channel;

/**
 * One exchange's hold on an upstream channel: an HTTP/1.1 connection borrowed from the pool, or
 * an HTTP/2 stream. Released exactly once: back to the pool when the connection is clean, else
 * closed.
 */
public final class UpstreamLease {
    private final Channel channel;
    private final UpstreamHandler handler;
    private final HostPool pool;
    private final boolean reused;
    private boolean released;

    UpstreamLease(Channel channel, UpstreamHandler handler, HostPool pool, boolean reused) {
        this.channel = channel;
        this.handler = handler;
        this.pool = pool;
        this.reused = reused;
    }

    public Channel channel() {
        return channel;
    }

    /** Whether the connection had served a request before (a keep-alive hit). */
    public boolean reused() {
        return reused;
    }

    public UpstreamHost host() {
        return pool.host();
    }

    /** Detaches the exchange; {@code reusable} means the connection finished a clean exchange. */
    public void release(boolean reusable) {
        if (released) {
            return;
        }
        released = true;
        handler.detach();
        pool.release(channel, handler, reusable);
    }
}
