package dev.sluice.proxy.upstream;

import dev.sluice.config.model.UpstreamProtocol;
import dev.sluice.proxy.lb.LoadBalancer;
import dev.sluice.proxy.lb.PickContext;
import io.netty.channel.EventLoop;
import java.util.IdentityHashMap;
import java.util.Map;

/** One cluster on one worker: its balancer and a pool per host. Confined to the worker's loop. */
public final class ClusterPool {
    private final ClusterRuntime cluster;
    private final EventLoop loop;
    private final LoadBalancer balancer;
    private final Map<UpstreamHost, HostPool> pools = new IdentityHashMap<>();

    ClusterPool(ClusterRuntime cluster, EventLoop loop) {
        this.cluster = cluster;
        this.loop = loop;
        this.balancer = cluster.balancers().create(cluster.hosts());
    }

    public ClusterRuntime cluster() {
        return cluster;
    }

    /** The host for the next request, or null when the cluster has none to offer. */
    public UpstreamHost pick(PickContext context) {
        return balancer.pick(context);
    }

    public void acquire(UpstreamHost host, ResponseListener listener, AcquireCallback callback) {
        pools.computeIfAbsent(host, this::newPool).acquire(listener, callback);
    }

    private HostPool newPool(UpstreamHost host) {
        return cluster.config().protocol() == UpstreamProtocol.HTTP2
                ? new Http2HostPool(host, loop, cluster.config(), cluster.stats(), cluster.breakers())
                : new Http1HostPool(host, loop, cluster.config(), cluster.stats(), cluster.breakers());
    }

    void retire() {
        for (HostPool p : pools.values()) {
            p.retire();
        }
    }

    /** Open connections to {@code host} from this worker. */
    public int openConnections(UpstreamHost host) {
        HostPool p = pools.get(host);
        return p == null ? 0 : p.openConnections();
    }
}
