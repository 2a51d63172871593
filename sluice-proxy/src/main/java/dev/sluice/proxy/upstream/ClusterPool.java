package dev.sluice.proxy.upstream;

import dev.sluice.config.model.UpstreamProtocol;
import dev.sluice.proxy.health.HostSet;
import dev.sluice.proxy.lb.LoadBalancer;
import dev.sluice.proxy.lb.PickContext;
import io.netty.channel.EventLoop;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** One cluster on one worker: its balancers and a pool per host. Confined to the worker's loop. */
public final class ClusterPool {
    private final ClusterRuntime cluster;
    private final EventLoop loop;
    private final Map<UpstreamHost, HostPool> pools = new IdentityHashMap<>();
    /** The host set the balancers were built for; compared by identity with the published one. */
    private HostSet built;
    /** One balancer per priority level; null for a level with no host to offer. */
    private LoadBalancer[] balancers;

    ClusterPool(ClusterRuntime cluster, EventLoop loop) {
        this.cluster = cluster;
        this.loop = loop;
    }

    public ClusterRuntime cluster() {
        return cluster;
    }

    /** The host for the next request, or null when the cluster has none to offer. */
    public UpstreamHost pick(PickContext context) {
        HostSet set = cluster.health().current();
        if (set != built) {
            rebuild(set);
        }
        if (set.levelCount() == 0) {
            return null;
        }
        int level = set.levelCount() == 1 ? 0 : set.chooseLevel(ThreadLocalRandom.current().nextInt(100));
        LoadBalancer b = balancers[level];
        return b == null ? null : b.pick(context);
    }

    /** Health changed (rare): new balancers over the hosts now on offer. */
    private void rebuild(HostSet set) {
        LoadBalancer[] next = new LoadBalancer[set.levelCount()];
        for (int i = 0; i < next.length; i++) {
            next[i] = set.level(i).isEmpty() ? null : cluster.balancers().create(set.level(i));
        }
        balancers = next;
        built = set;
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
