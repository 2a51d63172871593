package dev.sluice.proxy.route;

import dev.sluice.config.model.RoutingPriority;
import dev.sluice.proxy.http.Cause;
import dev.sluice.proxy.stats.TargetStats;
import dev.sluice.proxy.upstream.ClusterBreakers;
import dev.sluice.proxy.upstream.ClusterRuntime;

/**
 * Where a request goes: a cluster, or a local reply. Built once per config snapshot and shared
 * by every request that routes the same way, so routing allocates nothing.
 *
 * <p>Not final: a tenant table entry is its tenant's target itself ({@link TenantTable}), so
 * that with 100,000 tenants a request follows one reference fewer into memory that is not in
 * cache.
 */
public class RouteTarget {
    private final ClusterRuntime cluster;
    private final Cause reject;
    private final String tenantLabel;
    private final TargetStats stats;
    private final WeightedSplit split;
    private final RoutingPriority priority;

    /**
     * @param tenantLabel the tenant as stats know it: the configured id, or "_unknown"/"_missing"
     *     for fallbacks, so hostile header values can't explode the label set
     * @param priority the routing priority: which circuit-breaker limits the request counts against
     * @param split set for a weighted route: the router resolves it to one of the split's targets,
     *     so a target handed out by {@link ListenerRouter#route} never has one
     */
    public RouteTarget(ClusterRuntime cluster, Cause reject, String tenantLabel, TargetStats stats,
            WeightedSplit split, RoutingPriority priority) {
        this.cluster = cluster;
        this.reject = reject;
        this.tenantLabel = tenantLabel;
        this.stats = stats;
        this.split = split;
        this.priority = priority;
    }

    public RouteTarget(ClusterRuntime cluster, Cause reject, String tenantLabel, TargetStats stats) {
        this(cluster, reject, tenantLabel, stats, null, RoutingPriority.DEFAULT);
    }

    public RouteTarget(ClusterRuntime cluster, Cause reject, String tenantLabel, TargetStats stats,
            RoutingPriority priority) {
        this(cluster, reject, tenantLabel, stats, null, priority);
    }

    /** A target that routes exactly as {@code same} does. */
    RouteTarget(RouteTarget same) {
        this(same.cluster, same.reject, same.tenantLabel, same.stats, same.split, same.priority);
    }

    public ClusterRuntime cluster() {
        return cluster;
    }

    public Cause reject() {
        return reject;
    }

    public String tenantLabel() {
        return tenantLabel;
    }

    public TargetStats stats() {
        return stats;
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
        return "RouteTarget[cluster=" + clusterName() + ", reject=" + reject + ", tenant=" + tenantLabel
                + ", split=" + (split != null) + ", priority=" + priority + "]";
    }
}
