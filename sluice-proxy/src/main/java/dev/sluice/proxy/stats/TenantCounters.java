package dev.sluice.proxy.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Request and byte counts of one listener × cluster × tenant, in one small array of longs
 * updated atomically (about a hundred bytes). A registry data point per counter would cost
 * several hundred bytes each: with 100,000 tenants sending, that difference is most of the heap.
 * Exposed by {@link TenantCountersCollector} at scrape time.
 */
final class TenantCounters {
    static final int BYTES_IN = 6;
    static final int BYTES_OUT = 7;
    static final String[] CLASS_LABELS = {"reset", "1xx", "2xx", "3xx", "4xx", "5xx"};
    /** Atomic access to the plain array: one indirection less per request than an AtomicLongArray. */
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    final String listener;
    final String cluster;
    final String tenant;
    // [0] reset (no status), [1..5] 1xx..5xx, [6] request body bytes, [7] response body bytes
    private final long[] counts = new long[8];

    TenantCounters(String listener, String cluster, String tenant) {
        this.listener = listener;
        this.cluster = cluster;
        this.tenant = tenant;
    }

    /** The array {@link #record(long[], int, long, long)} counts into: a caller may keep it. */
    long[] counts() {
        return counts;
    }

    /**
     * Records one request into {@code counts} (some TenantCounters' array): a hot path keeps the
     * array itself, one dependent load less per request than going through this object.
     */
    static void record(long[] counts, int statusClass, long requestBytes, long responseBytes) {
        COUNT.getAndAdd(counts, statusClass, 1L);
        if (requestBytes > 0) {
            COUNT.getAndAdd(counts, BYTES_IN, requestBytes);
        }
        if (responseBytes > 0) {
            COUNT.getAndAdd(counts, BYTES_OUT, responseBytes);
        }
    }

    long get(int index) {
        return (long) COUNT.getVolatile(counts, index);
    }

    record Key(String listener, String cluster, String tenant) {}
}
