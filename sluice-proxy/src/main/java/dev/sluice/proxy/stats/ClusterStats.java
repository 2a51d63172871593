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

    /** Retries made; looked up per retry, which is off the common path. */
    public CounterDataPoint retries() {
        return stats.upstreamRetries(cluster);
    }

    public CounterDataPoint retryBudgetExhausted() {
        return stats.retryBudgetExhausted(cluster);
    }

    /** Refusals by {@code breaker}: max_connections, max_pending_requests, max_requests, max_retries. */
    public CounterDataPoint breakerOverflow(String breaker) {
        return stats.breakerOverflow(cluster, breaker);
    }
}
