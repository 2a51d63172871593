package dev.sluice.proxy.stats;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * The stats of one route target (listener × cluster × tenant). Its counters are created on
 * first use, so with 100,000 tenants configured only the ones that send traffic cost memory and
 * appear in the exposition; they live in {@link ProxyStats}, keyed by their labels, so they keep
 * counting across config reloads. Latency histograms are per listener and cluster, not per
 * tenant: a histogram per tenant would cost hundreds of megabytes with 100,000 tenants, and
 * would be a cardinality explosion in Prometheus.
 */
public final class TargetStats {
    private final ProxyStats stats;
    private final String listener;
    private final String cluster;
    private final String tenant;
    private long[] counts;
    private DistributionDataPoint duration;

    TargetStats(ProxyStats stats, String listener, String cluster, String tenant) {
        this.stats = stats;
        this.listener = listener;
        this.cluster = cluster;
        this.tenant = tenant;
    }

    /** Records one finished request; status 0 means the stream was reset before a status went out. */
    public void record(int status, long requestBodyBytes, long responseBodyBytes, long durationNanos) {
        long[] c = counts;
        if (c == null) {
            // Benign race between workers: both get the same counters from the map.
            counts = c = stats.counters(listener, cluster, tenant).counts();
        }
        TenantCounters.record(c, Math.min(5, Math.max(0, status / 100)), requestBodyBytes, responseBodyBytes);
        DistributionDataPoint d = duration;
        if (d == null) {
            duration = d = stats.duration(listener, cluster);
        }
        d.observe(durationNanos / 1e9);
    }

    public void localReply(String causeCode) {
        stats.localReply(listener, causeCode).inc();
    }
}
