package dev.sluice.proxy.stats;

/**
 * One route target's label set (listener × cluster × tenant) and the number its counters go
 * under in every worker's {@link TargetCounters}. There is one per label set for the life of
 * the process ({@link ProxyStats#target}), so counts go on across config reloads. A request
 * never reads this object: the router hands it the {@link #id()} (kept in the tenant table's
 * own slot) and the shared {@link #latency()}, because with 100,000 tenants every per-tenant
 * object a request follows is a likely cache miss. Only counters that have counted appear in
 * the exposition ({@link TargetStatsCollector}). Latency histograms are per listener and
 * cluster, not per tenant: a histogram per tenant would cost hundreds of megabytes with
 * 100,000 tenants, and would be a cardinality explosion in Prometheus.
 */
public final class TargetStats {
    static final String[] CLASS_LABELS = {"reset", "1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final int[] CLASS_FIELDS = {
        TargetCounters.RESET, TargetCounters.C1XX, TargetCounters.C2XX,
        TargetCounters.C3XX, TargetCounters.C4XX, TargetCounters.C5XX
    };

    private final ProxyStats stats;
    private final int id;
    private final LatencyStats latency;
    final String listener;
    final String cluster;
    final String tenant;

    TargetStats(ProxyStats stats, int id, LatencyStats latency, String listener, String cluster, String tenant) {
        this.stats = stats;
        this.id = id;
        this.latency = latency;
        this.listener = listener;
        this.cluster = cluster;
        this.tenant = tenant;
    }

    /** The row of this label set in every worker's {@link TargetCounters}. */
    public int id() {
        return id;
    }

    /** The duration histogram of this target's listener and cluster. */
    public LatencyStats latency() {
        return latency;
    }

    /** Requests counted under {@link #CLASS_LABELS}{@code [index]}, summed over the workers. */
    long requests(int index) {
        return stats.total(id, CLASS_FIELDS[index]);
    }

    long bytesIn() {
        return stats.total(id, TargetCounters.BYTES_IN);
    }

    long bytesOut() {
        return stats.total(id, TargetCounters.BYTES_OUT);
    }

    record Key(String listener, String cluster, String tenant) {}
}
