package dev.sluice.proxy.stats;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * The request duration histogram of one listener and cluster, shared by every route target of
 * that pair (every tenant routed there), so it stays in cache however many tenants there are.
 * The series is made on the first observation: a pair nothing was routed to shows no histogram.
 */
public final class LatencyStats {
    private final ProxyStats stats;
    private final String listener;
    private final String cluster;
    private DistributionDataPoint point;

    LatencyStats(ProxyStats stats, String listener, String cluster) {
        this.stats = stats;
        this.listener = listener;
        this.cluster = cluster;
    }

    public void observe(long durationNanos) {
        DistributionDataPoint p = point;
        if (p == null) {
            point = p = stats.duration(listener, cluster); // a benign race: both get the same point
        }
        p.observe(durationNanos / 1e9);
    }
}
