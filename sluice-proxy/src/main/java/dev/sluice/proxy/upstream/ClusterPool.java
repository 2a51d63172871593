package dev.sluice.proxy.upstream;

import dev.sluice.config.model.RoutingPriority;
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
    // One pool per host and routing priority, as Envoy keeps them: a priority's max_connections
    // then bounds connections that only its requests use. Indexed by RoutingPriority ordinal.
    @SuppressWarnings("unchecked")
    private final Map<UpstreamHost, HostPool>[] pools = new Map[] {new IdentityHashMap<>(), new IdentityHashMap<>()};
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

    public void acquire(UpstreamHost host, RoutingPriority priority, ResponseListener listener,
            AcquireCallback callback) {
        Map<UpstreamHost, HostPool> byHost = pools[priority.ordinal()];
        HostPool p = byHost.get(host);
        if (p == null) {
            p = newPool(host, cluster.breakers(priority));
            byHost.put(host, p);
        }
        p.acquire(listener, callback);
    }

    private HostPool newPool(UpstreamHost host, ClusterBreakers breakers) {
        return cluster.config().protocol() == UpstreamProtocol.HTTP2
                ? new Http2HostPool(host, loop, cluster.config(), cluster.stats(), breakers)
                : new Http1HostPool(host, loop, cluster.config(), cluster.stats(), breakers);
    }

    void retire() {
        for (Map<UpstreamHost, HostPool> byHost : pools) {
            for (HostPool p : byHost.values()) {
                p.retire();
            }
        }
    }

    /** Open connections to {@code host} from this worker. */
    public int openConnections(UpstreamHost host) {
        int n = 0;
        for (Map<UpstreamHost, HostPool> byHost : pools) {
            HostPool p = byHost.get(host);
            n += p == null ? 0 : p.openConnections();
        }
        return n;
    }
}
