package dev.sluice.proxy;

import dev.sluice.proxy.accesslog.AccessLogWriter;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.upstream.WorkerUpstreams;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Map;

/**
 * What every downstream handler shares: the current snapshot, stats, the access log, the
 * draining flag and the per-worker upstream pools.
 */
public final class ProxyContext {
    private final ProxyStats stats;
    private final AccessLogWriter accessLog;
    private final Duration drainTimeout;
    private volatile ProxySnapshot snapshot;
    private volatile Map<EventLoop, WorkerUpstreams> workers = Map.of();
    private volatile boolean draining;

    ProxyContext(ProxySnapshot initial, ProxyStats stats, AccessLogWriter accessLog, Duration drainTimeout) {
        this.snapshot = initial;
        this.stats = stats;
        this.accessLog = accessLog;
        this.drainTimeout = drainTimeout;
    }

    public ProxySnapshot snapshot() {
        return snapshot;
    }

    void swap(ProxySnapshot next) {
        this.snapshot = next;
    }

    void workers(Map<EventLoop, WorkerUpstreams> workers) {
        this.workers = Map.copyOf(workers);
    }

    /** The upstream pools of the worker that runs {@code loop}. */
    public WorkerUpstreams worker(EventLoop loop) {
        return workers.get(loop);
    }

    /** Every worker's upstream pools; touch them only on their own loop. */
    public java.util.Collection<WorkerUpstreams> workersView() {
        return workers.values();
    }

    public ProxyStats stats() {
        return stats;
    }

    /** The access log, or null when it is off. */
    public AccessLogWriter accessLog() {
        return accessLog;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
