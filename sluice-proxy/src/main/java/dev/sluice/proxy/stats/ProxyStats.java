package dev.sluice.proxy.stats;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every metric Sluice exposes on /stats/prometheus. Hot-path users hold data points resolved
 * once (per route target, per listener, per cluster) so a request never looks labels up.
 */
public final class ProxyStats {
    private static final double[] LATENCY_BOUNDS_SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    final Histogram duration = Histogram.builder().name("sluice_request_duration_seconds")
            .help("Time from request headers received to response complete, by listener and cluster")
            .labelNames("listener", "cluster").classicOnly().classicUpperBounds(LATENCY_BOUNDS_SECONDS)
            .withoutExemplars().register(registry);
    private final Counter localReplies = Counter.builder().name("sluice_local_replies_total")
            .help("Responses Sluice made itself, by cause").labelNames("listener", "cause")
            .withoutExemplars().register(registry);
    private final Gauge activeConnections = Gauge.builder().name("sluice_downstream_connections_active")
            .help("Open downstream connections").labelNames("listener").withoutExemplars().register(registry);
    private final Counter connections = Counter.builder().name("sluice_downstream_connections_total")
            .help("Accepted downstream connections").labelNames("listener").withoutExemplars().register(registry);
    private final Gauge activeStreams = Gauge.builder().name("sluice_downstream_streams_active")
            .help("Requests in flight (HTTP/1.1 exchanges and HTTP/2 streams)").labelNames("listener")
            .withoutExemplars().register(registry);
    private final Gauge upstreamConnectionsActive = Gauge.builder().name("sluice_upstream_connections_active")
            .help("Open upstream connections").labelNames("cluster").withoutExemplars().register(registry);
    private final Counter upstreamConnections = Counter.builder().name("sluice_upstream_connections_total")
            .help("Upstream connections opened").labelNames("cluster").withoutExemplars().register(registry);
    private final Counter upstreamConnectFailures = Counter.builder().name("sluice_upstream_connect_failures_total")
            .help("Upstream connection attempts that failed").labelNames("cluster").withoutExemplars()
            .register(registry);
    private final Counter upstreamReused = Counter.builder().name("sluice_upstream_connections_reused_total")
            .help("Requests that reused a pooled upstream connection").labelNames("cluster").withoutExemplars()
            .register(registry);
    private final Counter upstreamRequests = Counter.builder().name("sluice_upstream_requests_total")
            .help("Requests sent upstream, by endpoint").labelNames("cluster", "endpoint").withoutExemplars()
            .register(registry);
    private final Counter upstreamErrors = Counter.builder().name("sluice_upstream_errors_total")
            .help("Upstream failures (connect, reset, timeout, bad response), by endpoint")
            .labelNames("cluster", "endpoint", "cause").withoutExemplars().register(registry);
    private final Counter upstreamRetries = Counter.builder().name("sluice_upstream_retries_total")
            .help("Retries of failed upstream tries").labelNames("cluster").withoutExemplars().register(registry);
    private final Counter retryBudgetExhausted = Counter.builder().name("sluice_retry_budget_exhausted_total")
            .help("Retries not made because the cluster's retry budget was spent").labelNames("cluster")
            .withoutExemplars().register(registry);
    private final Counter breakerOverflow = Counter.builder().name("sluice_circuit_breaker_overflow_total")
            .help("Requests, connections and retries refused by a circuit breaker").labelNames("cluster", "breaker")
            .withoutExemplars().register(registry);
    private final Counter configReloads = Counter.builder().name("sluice_config_reloads_total")
            .help("Configuration reloads by result").labelNames("result").withoutExemplars().register(registry);
    private final Counter accessLogDropped = Counter.builder().name("sluice_access_log_dropped_total")
            .help("Access log lines dropped because the writer fell behind").withoutExemplars().register(registry);

    private final Counter healthTransitions = Counter.builder().name("sluice_upstream_health_transitions_total")
            .help("Active health check verdict changes, by endpoint and new state (healthy, unhealthy)")
            .labelNames("cluster", "endpoint", "to").withoutExemplars().register(registry);
    private final Counter outlierEjections = Counter.builder().name("sluice_outlier_ejections_total")
            .help("Endpoints ejected by outlier detection, by reason")
            .labelNames("cluster", "endpoint", "reason").withoutExemplars().register(registry);
    private final Gauge clusterHosts = Gauge.builder().name("sluice_cluster_hosts")
            .help("Endpoints of a cluster by state: healthy, unhealthy (failing active checks), ejected")
            .labelNames("cluster", "state").withoutExemplars().register(registry);
    private final Gauge clusterPanic = Gauge.builder().name("sluice_cluster_panic")
            .help("1 while the cluster is below its panic threshold and routes to all endpoints")
            .labelNames("cluster").withoutExemplars().register(registry);

    private final ConcurrentHashMap<TargetStats.Key, TargetStats> targets = new ConcurrentHashMap<>();
    private final AtomicInteger nextTargetId = new AtomicInteger();
    private final ConcurrentHashMap<List<String>, LatencyStats> latencies = new ConcurrentHashMap<>();
    private final List<TargetCounters> workerCounters = new CopyOnWriteArrayList<>();

    public ProxyStats() {
        registry.register(new TargetStatsCollector(targets.values()));
    }

    /** The stats of one listener × cluster × tenant: the same object for as long as Sluice runs. */
    public TargetStats target(String listener, String cluster, String tenant) {
        return targets.computeIfAbsent(new TargetStats.Key(listener, cluster, tenant),
                k -> new TargetStats(this, nextTargetId.getAndIncrement(), latency(listener, cluster),
                        listener, cluster, tenant));
    }

    /** The duration histogram of one listener and cluster: one object per pair, shared by its targets. */
    public LatencyStats latency(String listener, String cluster) {
        return latencies.computeIfAbsent(List.of(listener, cluster), k -> new LatencyStats(this, listener, cluster));
    }

    /** Counters for one worker to write (and no other thread): see {@link TargetCounters}. */
    public TargetCounters newWorkerCounters() {
        TargetCounters c = new TargetCounters();
        workerCounters.add(c);
        return c;
    }

    /** One counter of one target, summed over every worker. */
    long total(int id, int field) {
        long sum = 0;
        for (TargetCounters c : workerCounters) {
            sum += c.get(id, field);
        }
        return sum;
    }

    public ListenerStats listener(String name) {
        return new ListenerStats(activeConnections.labelValues(name), connections.labelValues(name),
                activeStreams.labelValues(name), name, this);
    }

    public ClusterStats cluster(String name) {
        return new ClusterStats(name, upstreamConnectionsActive.labelValues(name),
                upstreamConnections.labelValues(name), upstreamConnectFailures.labelValues(name),
                upstreamReused.labelValues(name), this);
    }

    public HealthStats health(String cluster) {
        return new HealthStats(cluster, healthTransitions, outlierEjections, clusterHosts, clusterPanic);
    }

    CounterDataPoint localReply(String listener, String cause) {
        return localReplies.labelValues(listener, cause);
    }

    CounterDataPoint upstreamRequests(String cluster, String endpoint) {
        return upstreamRequests.labelValues(cluster, endpoint);
    }

    CounterDataPoint upstreamError(String cluster, String endpoint, String cause) {
        return upstreamErrors.labelValues(cluster, endpoint, cause);
    }

    CounterDataPoint upstreamRetries(String cluster) {
        return upstreamRetries.labelValues(cluster);
    }

    CounterDataPoint retryBudgetExhausted(String cluster) {
        return retryBudgetExhausted.labelValues(cluster);
    }

    CounterDataPoint breakerOverflow(String cluster, String breaker) {
        return breakerOverflow.labelValues(cluster, breaker);
    }

    public void configReload(boolean ok) {
        configReloads.labelValues(ok ? "success" : "rejected").inc();
    }

    public CounterDataPoint accessLogDropped() {
        return accessLogDropped;
    }

    DistributionDataPoint duration(String listener, String cluster) {
        return duration.labelValues(listener, cluster);
    }

    public void writePrometheus(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }
}
