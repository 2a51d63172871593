package dev.sluice.proxy.route;

import dev.sluice.proxy.http.Cause;
import dev.sluice.proxy.stats.TargetStats;
import dev.sluice.proxy.upstream.ClusterBreakers;
import dev.sluice.proxy.upstream.ClusterRuntime;
import dev.sluice.config.model.RoutingPriority;

/**
 * Where a request goes: a cluster, or a local reply. Built once per config snapshot and shared
 * by every request that routes the same way, so routing allocates nothing.
 *
 * @param tenantLabel the tenant as stats know it: the configured id, or "_unknown"/"_missing"
 *     for fallbacks, so hostile header values can't explode the label set
 * @param priority the routing priority: which circuit-breaker limits the request counts against
 * @param split set for a weighted route: the router resolves it to one of the split's targets,
 *     so a target handed out by {@link ListenerRouter#route} never has one
 */
public record RouteTarget(ClusterRuntime cluster, Cause reject, String tenantLabel, TargetStats stats,
        WeightedSplit split, RoutingPriority priority) {

    public RouteTarget(ClusterRuntime cluster, Cause reject, String tenantLabel, TargetStats stats) {
        this(cluster, reject, tenantLabel, stats, null, RoutingPriority.DEFAULT);
    }

    public RouteTarget(ClusterRuntime cluster, Cause reject, String tenantLabel, TargetStats stats,
            RoutingPriority priority) {
        this(cluster, reject, tenantLabel, stats, null, priority);
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
}
