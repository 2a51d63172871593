package dev.sluice.proxy.route;

import dev.sluice.config.model.RoutingPriority;
import dev.sluice.proxy.http.Cause;
import dev.sluice.proxy.stats.LatencyStats;
import dev.sluice.proxy.stats.TargetStats;
import dev.sluice.proxy.upstream.ClusterBreakers;
import dev.sluice.proxy.upstream.ClusterRuntime;

/**
 * Where a request goes: a cluster, or a local reply. Built once per config snapshot and shared
 * by every request that routes the same way, so routing allocates nothing. Tenants routed to
 * the same cluster at the same priority share one target (it stays in cache with 100,000
 * tenants); what differs per tenant, its stats, the router hands over beside it
 * ({@link RouteSink}).
 */
public final class RouteTarget {
    /** {@link #statsId()} of a target whose stats the tenant table holds per tenant. */
    public static final int STATS_PER_TENANT = -1;

    private final ClusterRuntime cluster;
    private final Cause reject;
    private final LatencyStats latency;
    private final int statsId;
    private final WeightedSplit split;
    private final RoutingPriority priority;

    /**
     * @param latency the duration histogram of the listener and cluster (null only in tests)
     * @param statsId the stats the target's requests count under, or {@link #STATS_PER_TENANT}
     * @param priority the routing priority: which circuit-breaker limits the request counts against
     * @param split set for a weighted route: the router resolves it to one of the split's targets,
     *     so a target handed out by {@link ListenerRouter#route} never has one
     */
    RouteTarget(ClusterRuntime cluster, Cause reject, LatencyStats latency, int statsId, WeightedSplit split,
            RoutingPriority priority) {
        this.cluster = cluster;
        this.reject = reject;
        this.latency = latency;
        this.statsId = statsId;
        this.split = split;
        this.priority = priority;
    }

    /** A target whose requests all count under {@code stats}: a generic route's, a fallback's. */
    public RouteTarget(ClusterRuntime cluster, Cause reject, TargetStats stats, RoutingPriority priority) {
        this(cluster, reject, stats.latency(), stats.id(), null, priority);
    }

    /** A cluster target shared by tenants, each counting under its own stats. */
    static RouteTarget perTenant(ClusterRuntime cluster, LatencyStats latency, RoutingPriority priority) {
        return new RouteTarget(cluster, null, latency, STATS_PER_TENANT, null, priority);
    }

    /** A weighted split: resolved per request to one of its targets and their stats. */
    static RouteTarget weighted(WeightedSplit split, RoutingPriority priority) {
        return new RouteTarget(null, null, null, STATS_PER_TENANT, split, priority);
    }

    public ClusterRuntime cluster() {
        return cluster;
    }

    public Cause reject() {
        return reject;
    }

    /** The duration histogram of this target's listener and cluster. */
    public LatencyStats latency() {
        return latency;
    }

    /** The stats this target's requests count under, or {@link #STATS_PER_TENANT}. */
    public int statsId() {
        return statsId;
    }

    public WeightedSplit split() {
        return split;
    }

    public RoutingPriority priority() {
        return priority;
    }

    /** The circuit breakers this request counts against: its cluster's, for its priority. */
    public ClusterBreakers breakers() {
        return cluster.breakers(priority);
    }

    public boolean rejected() {
        return reject != null;
    }

    public String clusterName() {
        return cluster == null ? null : cluster.name();
    }

    @Override
    public String toString() {
        return "RouteTarget[cluster=" + clusterName() + ", reject=" + reject + ", stats=" + statsId
                + ", split=" + (split != null) + ", priority=" + priority + "]";
    }
}
