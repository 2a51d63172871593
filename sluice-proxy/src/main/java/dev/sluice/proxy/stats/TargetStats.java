package dev.sluice.proxy.stats;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * The counters of one route target (listener × cluster × tenant). Data points are created on
 * first use: with 100,000 tenants configured, only the ones that send traffic cost memory and
 * appear in the exposition. Races on creation are benign: the registry returns the same point.
 */
public final class TargetStats {
    private final ProxyStats stats;
    private final String listener;
    private final String cluster;
    private final String tenant;
    private final CounterDataPoint[] byClass = new CounterDataPoint[6];
    private CounterDataPoint requestBytes;
    private CounterDataPoint responseBytes;
    private DistributionDataPoint duration;
    private DistributionDataPoint tenantDuration;

    TargetStats(ProxyStats stats, String listener, String cluster, String tenant) {
        this.stats = stats;
        this.listener = listener;
        this.cluster = cluster;
        this.tenant = tenant;
    }

    /** Records one finished request. */
    public void record(int status, long requestBodyBytes, long responseBodyBytes, long durationNanos) {
        int cls = Math.min(5, Math.max(0, status / 100));
        CounterDataPoint c = byClass[cls];
        if (c == null) {
            c = stats.requests.labelValues(listener, cluster, tenant, cls == 0 ? "reset" : cls + "xx");
            byClass[cls] = c;
        }
        c.inc();
        if (requestBodyBytes > 0) {
            CounterDataPoint rb = requestBytes;
            if (rb == null) {
                requestBytes = rb = stats.requestBytes.labelValues(listener, cluster, tenant);
            }
            rb.inc(requestBodyBytes);
        }
        if (responseBodyBytes > 0) {
            CounterDataPoint rb = responseBytes;
            if (rb == null) {
                responseBytes = rb = stats.responseBytes.labelValues(listener, cluster, tenant);
            }
            rb.inc(responseBodyBytes);
        }
        double seconds = durationNanos / 1e9;
        DistributionDataPoint d = duration;
        if (d == null) {
            duration = d = stats.duration(listener, cluster);
        }
        d.observe(seconds);
        if (!tenant.isEmpty()) {
            DistributionDataPoint td = tenantDuration;
            if (td == null) {
                tenantDuration = td = stats.tenantDuration.labelValues(listener, tenant);
            }
            td.observe(seconds);
        }
    }

    public void localReply(String causeCode) {
        stats.localReply(listener, causeCode).inc();
    }
}
