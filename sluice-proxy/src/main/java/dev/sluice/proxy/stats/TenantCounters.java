package dev.sluice.proxy.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Request and byte counts of one listener × cluster × tenant, in one small array of atomics
 * (about a hundred bytes). A registry data point per counter would cost several hundred bytes
 * each: with 100,000 tenants sending, that difference is most of the heap. Exposed by
 * {@link TenantCountersCollector} at scrape time.
 */
final class TenantCounters {
    static final int BYTES_IN = 6;
    static final int BYTES_OUT = 7;
    static final String[] CLASS_LABELS = {"reset", "1xx", "2xx", "3xx", "4xx", "5xx"};

    final String listener;
    final String cluster;
    final String tenant;
    // [0] reset (no status), [1..5] 1xx..5xx, [6] request body bytes, [7] response body bytes
    final AtomicLongArray counts = new AtomicLongArray(8);

    TenantCounters(String listener, String cluster, String tenant) {
        this.listener = listener;
        this.cluster = cluster;
        this.tenant = tenant;
    }

    void record(int statusClass, long requestBytes, long responseBytes) {
        counts.getAndIncrement(statusClass);
        if (requestBytes > 0) {
            counts.getAndAdd(BYTES_IN, requestBytes);
        }
        if (responseBytes > 0) {
            counts.getAndAdd(BYTES_OUT, responseBytes);
        }
    }

    record Key(String listener, String cluster, String tenant) {}
}
