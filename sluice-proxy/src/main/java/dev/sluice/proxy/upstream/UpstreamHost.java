package dev.sluice.proxy.upstream;

import dev.sluice.config.model.HostPort;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint of a cluster as the data plane sees it. Shared by all workers: its only mutable
 * state is documented atomics (active requests, read by least-request balancing) and the
 * resolved address, which DNS refresh replaces with a single volatile write.
 */
public final class UpstreamHost {
    private final HostPort address;
    private final int weight;
    private final int priority;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private volatile InetSocketAddress resolved;

    public UpstreamHost(HostPort address, int weight, int priority) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
        }
        this.address = address;
        this.weight = weight;
        this.priority = priority;
        this.resolved = InetSocketAddress.createUnresolved(address.host(), address.port());
    }

    public HostPort address() {
        return address;
    }

    public int weight() {
        return weight;
    }

    public int priority() {
        return priority;
    }

    /** Requests currently in flight to this host, from every worker. */
    public int activeRequests() {
        return activeRequests.get();
    }

    public void requestStarted() {
        activeRequests.incrementAndGet();
    }

    public void requestFinished() {
        activeRequests.decrementAndGet();
    }

    /** The socket address to connect to; unresolved until DNS has answered once. */
    public InetSocketAddress socketAddress() {
        return resolved;
    }

    public void resolvedTo(InetSocketAddress address) {
        this.resolved = address;
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
