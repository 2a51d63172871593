package dev.sluice.proxy.stats;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/** Upstream connection counters of one cluster, plus per-endpoint lookups. */
public record ClusterStats(
        String cluster,
        GaugeDataPoint activeConnections,
        CounterDataPoint connections,
        CounterDataPoint connectFailures,
        CounterDataPoint reused,
        ProxyStats stats) {

    public CounterDataPoint endpointRequests(String endpoint) {
        return stats.upstreamRequests(cluster, endpoint);
    }

    public CounterDataPoint endpointError(String endpoint, String cause) {
        return stats.upstreamError(cluster, endpoint, cause);
    }
}
