package dev.sluice.proxy;

import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.Listener;
import dev.sluice.proxy.lb.LoadBalancers;
import dev.sluice.proxy.route.ListenerRouter;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.upstream.ClusterRuntime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One immutable view of the config as the data plane runs it: compiled routers per listener and
 * cluster runtimes. A request reads the current snapshot once, at its start, and uses it to the
 * end; a reload builds a new one and swaps it in with one reference write.
 */
public final class ProxySnapshot {
    private final Bootstrap config;
    private final Map<String, ClusterRuntime> clusters;
    private final Map<String, ListenerRouter> routers;
    private final Map<String, Listener> listeners;

    private ProxySnapshot(Bootstrap config, Map<String, ClusterRuntime> clusters,
            Map<String, ListenerRouter> routers, Map<String, Listener> listeners) {
        this.config = config;
        this.clusters = clusters;
        this.routers = routers;
        this.listeners = listeners;
    }

    /**
     * Builds a snapshot, reusing the runtime (and so the warm pools) of every cluster whose
     * config did not change since {@code previous}.
     */
    public static ProxySnapshot build(Bootstrap config, ProxySnapshot previous, ProxyStats stats) {
        Map<String, ClusterRuntime> clusters = new LinkedHashMap<>();
        for (Cluster c : config.clusters()) {
            ClusterRuntime old = previous == null ? null : previous.clusters.get(c.name());
            if (old != null && old.config().equals(c)) {
                clusters.put(c.name(), old);
            } else {
                clusters.put(c.name(), new ClusterRuntime(c, LoadBalancers.factory(c.lbPolicy()), stats.cluster(c.name()),
                        stats.health(c.name())));
            }
        }
        Map<String, ListenerRouter> routers = new HashMap<>();
        Map<String, Listener> listeners = new LinkedHashMap<>();
        for (Listener l : config.listeners()) {
            routers.put(l.name(), new ListenerRouter(l, name -> {
                ClusterRuntime c = clusters.get(name);
                if (c == null) {
                    throw new IllegalArgumentException("listener " + l.name() + ": unknown cluster " + name);
                }
                return c;
            }, stats));
            listeners.put(l.name(), l);
        }
        // Unmodifiable view, not Map.copyOf: /clusters lists clusters in config order.
        return new ProxySnapshot(config, java.util.Collections.unmodifiableMap(clusters), Map.copyOf(routers),
                listeners);
    }

    /** Marks the clusters of this snapshot that {@code next} no longer uses as retired. */
    void retireReplacedBy(ProxySnapshot next) {
        for (ClusterRuntime c : clusters.values()) {
            if (next.clusters.get(c.name()) != c) {
                c.retire();
            }
        }
    }

    public Bootstrap config() {
        return config;
    }

    public ListenerRouter router(String listener) {
        return routers.get(listener);
    }

    public Listener listener(String name) {
        return listeners.get(name);
    }

    public Map<String, ClusterRuntime> clusters() {
        return clusters;
    }
}
