package dev.sluice.proxy.upstream;

import dev.sluice.config.model.HostPort;
import dev.sluice.proxy.health.HostHealth;
import java.net.InetSocketAddress;
import io.netty.util.NetUtil;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint of a cluster as the data plane sees it. Shared by all workers: its only mutable
 * state is documented atomics (active requests, read by least-request balancing) and the
 * resolved address, which DNS refresh replaces with a single volatile write, and its
 * {@link HostHealth} (active check verdict, ejection, outcome counters).
 */
public final class UpstreamHost {
    private static final CounterDataPoint NO_COUNT = new CounterDataPoint() {
        @Override
        public void inc(double amount) {}

        @Override
        public void incWithExemplar(double amount, io.prometheus.metrics.model.snapshots.Labels labels) {}

        @Override
        public double get() {
            return 0;
        }

        @Override
        public long getLongValue() {
            return 0;
        }
    };

    private final HostPort address;
    private final int weight;
    private final int priority;
    private final AtomicInteger activeRequests = new AtomicInteger();
    private final HostHealth health;
    private volatile InetSocketAddress resolved;
    private CounterDataPoint requests = NO_COUNT;

    public UpstreamHost(HostPort address, int weight, int priority) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
        }
        this.address = address;
        this.weight = weight;
        this.priority = priority;
        this.health = new HostHealth(address.toString());
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(address.host());
        this.resolved = literal != null
                ? new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(address.host()), address.port())
                : InetSocketAddress.createUnresolved(address.host(), address.port());
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

    /** Health state: written by the cluster's health loop, outcomes recorded by workers. */
    public HostHealth health() {
        return health;
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

    /** Whether the address is a DNS name that needs resolving (and refreshing). */
    public boolean needsDns() {
        return NetUtil.createByteArrayFromIpAddressString(address.host()) == null;
    }

    public void resolvedTo(InetSocketAddress address) {
        this.resolved = address;
    }

    /** Counts requests sent to this host; set once by the cluster before any worker sees the host. */
    public void countRequestsWith(CounterDataPoint counter) {
        this.requests = counter;
    }

    public CounterDataPoint requestCounter() {
        return requests;
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
