package dev.sluice.proxy.stats;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The stats of one route target (listener × cluster × tenant): request counts by status class
 * and body bytes, as plain fields of this object updated atomically. There is one per label set
 * for the life of the process ({@link ProxyStats#target}), so counts go on across config
 * reloads, and a request reaches its counters through its route target with no further
 * indirection: with 100,000 tenants every extra reference followed is a likely cache miss.
 * About a hundred bytes each, where a registry data point per counter would cost several
 * hundred. Only counters that have counted appear in the exposition
 * ({@link TargetStatsCollector}). Latency histograms are per listener and cluster, not per
 * tenant: a histogram per tenant would cost hundreds of megabytes with 100,000 tenants, and
 * would be a cardinality explosion in Prometheus.
 */
public final class TargetStats {
    static final String[] CLASS_LABELS = {"reset", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private static final VarHandle RESET = field("reset");
    private static final VarHandle C1XX = field("c1xx");
    private static final VarHandle C2XX = field("c2xx");
    private static final VarHandle C3XX = field("c3xx");
    private static final VarHandle C4XX = field("c4xx");
    private static final VarHandle C5XX = field("c5xx");
    private static final VarHandle BYTES_IN = field("bytesIn");
    private static final VarHandle BYTES_OUT = field("bytesOut");

    private final ProxyStats stats;
    final String listener;
    final String cluster;
    final String tenant;
    private DistributionDataPoint duration; // on first use: a histogram series shows from then on
    // Written through the VarHandles above only.
    private long reset;
    private long c1xx;
    private long c2xx;
    private long c3xx;
    private long c4xx;
    private long c5xx;
    private long bytesIn;
    private long bytesOut;

    TargetStats(ProxyStats stats, String listener, String cluster, String tenant) {
        this.stats = stats;
        this.listener = listener;
        this.cluster = cluster;
        this.tenant = tenant;
    }

    /** Records one finished request; status 0 means the stream was reset before a status went out. */
    public void record(int status, long requestBodyBytes, long responseBodyBytes, long durationNanos) {
        switch (status / 100) {
            case 2 -> C2XX.getAndAdd(this, 1L);
            case 4 -> C4XX.getAndAdd(this, 1L);
            case 5 -> C5XX.getAndAdd(this, 1L);
            case 3 -> C3XX.getAndAdd(this, 1L);
            case 1 -> C1XX.getAndAdd(this, 1L);
            default -> {
                if (status >= 600) {
                    C5XX.getAndAdd(this, 1L); // a status above 599 counts with the server errors
                } else {
                    RESET.getAndAdd(this, 1L); // 0 (no status sent); 1-99 are not statuses
                }
            }
        }
        if (requestBodyBytes > 0) {
            BYTES_IN.getAndAdd(this, requestBodyBytes);
        }
        if (responseBodyBytes > 0) {
            BYTES_OUT.getAndAdd(this, responseBodyBytes);
        }
        DistributionDataPoint d = duration;
        if (d == null) {
            duration = d = stats.duration(listener, cluster); // a benign race: both get the same point
        }
        d.observe(durationNanos / 1e9);
    }

    public void localReply(String causeCode) {
        stats.localReply(listener, causeCode).inc();
    }

    /** Requests counted under {@link #CLASS_LABELS}{@code [index]}. */
    long requests(int index) {
        return (long) switch (index) {
            case 0 -> RESET.getVolatile(this);
            case 1 -> C1XX.getVolatile(this);
            case 2 -> C2XX.getVolatile(this);
            case 3 -> C3XX.getVolatile(this);
            case 4 -> C4XX.getVolatile(this);
            case 5 -> C5XX.getVolatile(this);
            default -> throw new IllegalArgumentException("status class index " + index);
        };
    }

    long bytesIn() {
        return (long) BYTES_IN.getVolatile(this);
    }

    long bytesOut() {
        return (long) BYTES_OUT.getVolatile(this);
    }

    private static VarHandle field(String name) {
        try {
            return MethodHandles.lookup().findVarHandle(TargetStats.class, name, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    record Key(String listener, String cluster, String tenant) {}
}
