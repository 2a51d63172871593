package dev.sluice.proxy.upstream;

import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.RoutingPriority;
import dev.sluice.config.model.Endpoint;
import dev.sluice.proxy.health.ClusterHealth;
import dev.sluice.proxy.lb.LoadBalancerFactory;
import dev.sluice.proxy.stats.ClusterStats;
import dev.sluice.proxy.stats.HealthStats;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster as the data plane runs it: its config, its hosts (shared by all workers), and how
 * to build a per-worker balancer. Reused across config reloads while the cluster's config is
 * unchanged, so connection pools stay warm; replaced (and the old one retired) when it changes.
 */
public final class ClusterRuntime {
    private final Cluster config;
    private final List<UpstreamHost> hosts;
    private final LoadBalancerFactory balancers;
    private final ClusterStats stats;
    private final ClusterHealth health;
    // Indexed by RoutingPriority ordinal: high-priority requests count against limits of their own.
    private final ClusterBreakers[] breakers;
    private volatile boolean retired;

    public ClusterRuntime(Cluster config, LoadBalancerFactory balancers, ClusterStats stats, HealthStats healthStats) {
        this.config = config;
        List<UpstreamHost> hs = new ArrayList<>(config.endpoints().size());
        for (Endpoint e : config.endpoints()) {
            UpstreamHost h = new UpstreamHost(e.address(), e.weight(), e.priority());
            h.countRequestsWith(stats.endpointRequests(e.address().toString()));
            hs.add(h);
        }
        this.hosts = List.copyOf(hs);
        this.balancers = balancers;
        this.stats = stats;
        this.health = new ClusterHealth(this.hosts, config.health(), healthStats);
        this.breakers = new ClusterBreakers[] {
            new ClusterBreakers(config.resilience().breakers(), config.resilience().retry()),
            new ClusterBreakers(config.resilience().highPriorityBreakers(), config.resilience().retry(),
                    "high_priority."),
        };
    }

    public String name() {
        return config.name();
    }

    public Cluster config() {
        return config;
    }

    public List<UpstreamHost> hosts() {
        return hosts;
    }

    public LoadBalancerFactory balancers() {
        return balancers;
    }

    public ClusterStats stats() {
        return stats;
    }

    /** The cluster's circuit breakers: counters shared by all workers. */
    public ClusterBreakers breakers() {
        return breakers[RoutingPriority.DEFAULT.ordinal()];
    }

    /** The breakers that requests routed with {@code priority} count against. */
    public ClusterBreakers breakers(RoutingPriority priority) {
        return breakers[priority.ordinal()];
    }

    /** Set when a reload replaced this cluster: workers close its pools as they empty. */
    public boolean retired() {
        return retired;
    }

    /** Health checks, outlier detection and the published host set of this cluster. */
    public ClusterHealth health() {
        return health;
    }

    public void retire() {
        retired = true;
        health.stop();
    }
}
