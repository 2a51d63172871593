package dev.sluice.config;

import dev.sluice.config.model.AccessLog;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.CircuitBreakers;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.HealthCheck;
import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.OutlierDetection;
import dev.sluice.config.model.ResiliencePolicy;
import dev.sluice.config.model.RetryOn;
import dev.sluice.config.model.RetryPolicy;
import dev.sluice.config.model.WeightedClusters;
import dev.sluice.config.model.Endpoint;
import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.Limits;
import dev.sluice.config.model.Listener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a config must meet beyond its shape: values in range, names unique, every cluster
 * that is named somewhere defined, no route that can never be reached.
 *
 * <p>It works on the records alone, so a config built in code or translated from xDS gets the
 * same checks as one loaded from YAML; when a {@link SourceMap} is at hand, errors also carry
 * their line. The checks are null-safe: they report a missing value instead of failing on it.
 */
public final class ConfigValidator {
    /** More worker loops than this is a typo, not a machine. */
    static final int MAX_WORKERS = 1024;

    private final SourceMap sources;
    private final boolean allClustersKnown;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Set<String> clusterNames = new LinkedHashSet<>();

    private ConfigValidator(SourceMap sources, boolean allClustersKnown) {
        this.sources = sources;
        this.allClustersKnown = allClustersKnown;
    }

    /** Every problem in {@code config}; empty when it is valid. Errors carry no line. */
    public static List<ConfigError> validate(Bootstrap config) {
        return validate(config, SourceMap.EMPTY, true);
    }

    /**
     * Validates a config that did not come from {@link ConfigLoader} (code, xDS).
     *
     * @param source names the config's origin in the exception message
     * @throws ConfigException listing every problem
     */
    public static void requireValid(Bootstrap config, String source) throws ConfigException {
        List<ConfigError> found = validate(config);
        if (!found.isEmpty()) {
            throw new ConfigException(source, found);
        }
    }

    /**
     * @param allClustersKnown false when some cluster failed to bind and so has no name: then a
     *     reference to a cluster not found is not reported, it most likely names that one
     */
    static List<ConfigError> validate(Bootstrap config, SourceMap sources, boolean allClustersKnown) {
        ConfigValidator v = new ConfigValidator(sources, allClustersKnown);
        v.bootstrap(config);
        return List.copyOf(v.errors);
    }

    void error(String path, String message) {
        errors.add(new ConfigError(path, sources.line(path), message));
    }

    /** The line-bearing path: {@code base.child} when the YAML spelled it out, else {@code base}. */
    String preferred(String base, String child) {
        String full = base + "." + child;
        return sources.has(full) ? full : base;
    }

    private void bootstrap(Bootstrap c) {
        if (c.admin() == null || c.admin().address() == null) {
            error("admin.address", "required");
        } else {
            port("admin.address", c.admin().address(), true);
        }
        if (c.workers() < 0 || c.workers() > MAX_WORKERS) {
            error("workers", "must be between 0 and " + MAX_WORKERS + " (0 = one per core), got " + c.workers());
        }
        if (c.drainTimeout() == null) {
            error("drain_timeout", "required");
        } else if (c.drainTimeout().isNegative()) {
            error("drain_timeout", "must not be negative");
        }
        accessLog(c.accessLog());

        for (int i = 0; i < c.clusters().size(); i++) {
            cluster("clusters[" + i + "]", c.clusters().get(i), i, c.clusters());
        }
        if (c.listeners().isEmpty()) {
            error("listeners", "at least one listener is required");
        }
        for (int i = 0; i < c.listeners().size(); i++) {
            listener("listeners[" + i + "]", c.listeners().get(i), i, c);
        }
    }

    private void accessLog(AccessLog log) {
        if (log == null) {
            error("access_log", "required (AccessLog.DISABLED turns it off)");
        } else if (log.enabled() && (log.path() == null || log.path().isBlank())) {
            error("access_log.path", "required: 'stdout' or a file path");
        } else if (log.enabled() && log.path().equals("stderr")) {
            error("access_log.path", "'stderr' is not supported and would create a file named stderr; use stdout or a file path");
        }
    }

    // ---- clusters ----

    private void cluster(String path, Cluster c, int index, List<Cluster> all) {
        if (blank(c.name())) {
            error(path + ".name", "required");
        } else if (!clusterNames.add(c.name())) {
            error(path + ".name", "duplicate cluster name '" + c.name() + "' (also clusters[" + firstIndex(all, c.name()) + "])");
        }
        if (c.endpoints().isEmpty()) {
            error(path + ".endpoints", "at least one endpoint is required");
        }
        Map<HostPort, Integer> seen = new HashMap<>();
        for (int j = 0; j < c.endpoints().size(); j++) {
            endpoint(path + ".endpoints[" + j + "]", c.endpoints().get(j), j, seen);
        }
        if (c.lbPolicy() == null) {
            error(path + ".lb_policy", "required");
        }
        if (c.protocol() == null) {
            error(path + ".protocol", "required");
        }
        positive(path + ".connect_timeout", c.connectTimeout());
        positive(path + ".response_timeout", c.responseTimeout());
        positive(path + ".stream_idle_timeout", c.streamIdleTimeout());
        positive(path + ".idle_timeout", c.idleTimeout());
        positive(path + ".dns_refresh", c.dnsRefresh());
        if (c.maxConnectionsPerWorker() < 1) {
            error(path + ".max_connections_per_worker", "must be at least 1, got " + c.maxConnectionsPerWorker());
        }
        resilience(path, c.resilience());
        if (c.maxRequestsPerConnection() < 0) {
            error(path + ".max_requests_per_connection",
                    "must not be negative (0 = unlimited), got " + c.maxRequestsPerConnection());
        }
        health(path, c.health());
    }

    private void health(String path, HealthPolicy h) {
        range(path + ".panic_threshold", h.panicThresholdPercent(), 0, 100);
        if (!(h.overprovisioningFactor() >= 1.0)) {
            error(path + ".overprovisioning_factor", "must be at least 1.0, got " + h.overprovisioningFactor());
        }
        HealthCheck hc = h.activeCheck();
        if (hc != null) {
            String p = path + ".health_check";
            if (hc.type() == HealthCheck.Type.HTTP) {
                if (hc.path() == null || !hc.path().startsWith("/")) {
                    error(p + ".path", "must start with '/'");
                }
                if (hc.method() == null || !HttpTokens.isToken(hc.method())) {
                    error(p + ".method", "invalid method '" + hc.method() + "'");
                }
                if (hc.expectedStatuses().isEmpty()) {
                    error(p + ".expected_statuses", "must not be empty");
                }
                for (int i = 0; i < hc.expectedStatuses().size(); i++) {
                    HealthCheck.StatusRange r = hc.expectedStatuses().get(i);
                    if (r.from() < 100 || r.to() > 599 || r.from() > r.to()) {
                        error(p + ".expected_statuses[" + i + "]", "must be a status or range within 100..599, got "
                                + (r.from() == r.to() ? String.valueOf(r.from()) : r.from() + "-" + r.to()));
                    }
                }
            }
            positive(p + ".interval", hc.interval());
            notNegative(p + ".interval_jitter", hc.intervalJitter());
            positive(p + ".timeout", hc.timeout());
            if (hc.healthyThreshold() < 1) {
                error(p + ".healthy_threshold", "must be at least 1, got " + hc.healthyThreshold());
            }
            if (hc.unhealthyThreshold() < 1) {
                error(p + ".unhealthy_threshold", "must be at least 1, got " + hc.unhealthyThreshold());
            }
        }
        OutlierDetection od = h.outlier();
        if (od != null) {
            String p = path + ".outlier_detection";
            if (od.consecutive5xx() < 0) {
                error(p + ".consecutive_5xx", "must not be negative (0 = off), got " + od.consecutive5xx());
            }
            if (od.consecutiveGatewayFailure() < 0) {
                error(p + ".consecutive_gateway_failure",
                        "must not be negative (0 = off), got " + od.consecutiveGatewayFailure());
            }
            positive(p + ".interval", od.interval());
            positive(p + ".base_ejection_time", od.baseEjectionTime());
            positive(p + ".max_ejection_time", od.maxEjectionTime());
            range(p + ".max_ejection_percent", od.maxEjectionPercent(), 0, 100);
            if (od.successRateMinimumHosts() < 1) {
                error(p + ".success_rate_minimum_hosts", "must be at least 1, got " + od.successRateMinimumHosts());
            }
            if (od.successRateRequestVolume() < 1) {
                error(p + ".success_rate_request_volume",
                        "must be at least 1, got " + od.successRateRequestVolume());
            }
            if (!(od.successRateStdevFactor() >= 0)) {
                error(p + ".success_rate_stdev_factor",
                        "must not be negative (0 = off), got " + od.successRateStdevFactor());
            }
        }
    }

    private void range(String path, int value, int min, int max) {
        if (value < min || value > max) {
            error(path, "must be between " + min + "% and " + max + "%, got " + value);
        }
    }

    private void notNegative(String path, Duration d) {
        if (d == null) {
            error(path, "required");
        } else if (d.isNegative()) {
            error(path, "must not be negative, got " + Durations.format(d));
        }
    }

    private static int firstIndex(List<Cluster> all, String name) {
        for (int i = 0; i < all.size(); i++) {
            if (name.equals(all.get(i).name())) {
                return i;
            }
        }
        return -1;
    }

    private void endpoint(String path, Endpoint e, int index, Map<HostPort, Integer> seen) {
        String addressPath = preferred(path, "address");
        if (e.address() == null) {
            error(addressPath, "required");
        } else if (port(addressPath, e.address(), false)) {
            Integer first = seen.putIfAbsent(e.address(), index);
            if (first != null) {
                error(addressPath, "duplicate endpoint " + e.address() + " (also endpoints[" + first + "])");
            }
        }
        if (e.weight() < 1) {
            error(path + ".weight", "must be at least 1, got " + e.weight());
        }
        if (e.priority() < 0) {
            error(path + ".priority", "must not be negative (0 is the most preferred), got " + e.priority());
        }
    }

    // ---- listeners ----

    private void listener(String path, Listener l, int index, Bootstrap c) {
        if (blank(l.name())) {
            error(path + ".name", "required");
        } else {
            for (int j = 0; j < index; j++) {
                if (l.name().equals(c.listeners().get(j).name())) {
                    error(path + ".name", "duplicate listener name '" + l.name() + "' (also listeners[" + j + "])");
                    break;
                }
            }
        }
        if (l.clusterHeader() != null) {
            headerName(path + ".cluster_header", l.clusterHeader());
        }
        if (l.address() == null) {
            error(path + ".address", "required");
        } else if (port(path + ".address", l.address(), true)) {
            addressConflicts(path + ".address", l.address(), index, c);
        }
        limits(path + ".limits", l.limits());
        positive(path + ".idle_timeout", l.idleTimeout());
        if (l.routes().isEmpty() && l.tenantRouting() == null) {
            error(path, "has neither routes nor tenant_routing, so it could serve no request");
        }
        int catchAll = new RouteRules(this).check(path + ".routes", l.routes());
        if (l.tenantRouting() != null) {
            if (catchAll >= 0) {
                error(path + ".tenant_routing", "unreachable: routes[" + catchAll
                        + "] matches every request, so none reaches tenant_routing");
            }
            new TenantRoutingRules(this).check(path + ".tenant_routing", l.tenantRouting());
        }
    }

    /** Two listeners, or a listener and the admin listener, cannot bind the same socket. */
    private void addressConflicts(String path, HostPort a, int index, Bootstrap c) {
        if (a.port() == 0) {
            return; // ephemeral ports never collide
        }
        for (int j = 0; j < index; j++) {
            HostPort b = c.listeners().get(j).address();
            if (b != null && overlaps(a, b)) {
                error(path, "address " + a + " is already used by listeners[" + j + "] (" + b + ")");
                return;
            }
        }
        if (c.admin() != null && c.admin().address() != null && overlaps(a, c.admin().address())) {
            error(path, "address " + a + " is already used by the admin listener (" + c.admin().address() + ")");
        }
    }

    /** Same port, and the same host or either one a wildcard that binds every interface. */
    private static boolean overlaps(HostPort a, HostPort b) {
        return a.port() == b.port()
                && (a.host().equals(b.host()) || isWildcard(a.host()) || isWildcard(b.host()));
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    private void limits(String path, Limits limits) {
        if (limits == null) {
            error(path, "required");
            return;
        }
        if (limits.maxHeaderBytes() < 1) {
            error(path + ".max_header_bytes", "must be at least 1 byte, got " + limits.maxHeaderBytes());
        }
        if (limits.maxInitialLineBytes() < 1) {
            error(path + ".max_initial_line_bytes", "must be at least 1 byte, got " + limits.maxInitialLineBytes());
        }
        if (limits.maxBodyBytes() < 0) {
            error(path + ".max_body_bytes", "must not be negative (0 = unlimited), got " + limits.maxBodyBytes());
        }
    }

    // ---- shared checks, also used by RouteRules and TenantRoutingRules ----

    void headerName(String path, String name) {
        if (name == null) {
            error(path, "required");
        } else if (!HttpTokens.isToken(name)) {
            error(path, "invalid header name '" + name
                    + "' (expected letters, digits and !#$%&'*+-.^_`|~, no spaces or colons)");
        }
    }

    void methods(String path, Set<String> methods) {
        for (String m : methods) {
            if (!HttpTokens.isToken(m)) {
                error(path, "invalid method '" + m + "'");
            }
        }
    }

    void startsWithSlash(String path, String value) {
        if (value != null && !value.startsWith("/")) {
            error(path, "must start with '/', got '" + value + "'");
        }
    }

    void clusterRef(String path, String cluster) {
        if (blank(cluster)) {
            error(path, "required");
        } else if (allClustersKnown && !clusterNames.contains(cluster)) {
            error(path, "unknown cluster '" + cluster + "'" + Suggestions.hint(cluster, clusterNames));
        }
    }

    /** A weighted split: at least one cluster, each known, once, with a weight of at least 1. */
    void split(String path, WeightedClusters split) {
        if (split.clusters().isEmpty()) {
            error(path, "at least one cluster is required");
        }
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < split.clusters().size(); i++) {
            WeightedClusters.ClusterWeight w = split.clusters().get(i);
            String ip = path + "[" + i + "]";
            clusterRef(ip + ".cluster", w.cluster());
            if (w.cluster() != null && !seen.add(w.cluster())) {
                error(ip + ".cluster", "duplicate cluster '" + w.cluster() + "' in the split");
            }
            if (w.weight() < 1) {
                error(ip + ".weight", "must be at least 1, got " + w.weight());
            }
        }
    }

    private void resilience(String path, ResiliencePolicy r) {
        if (r == null) {
            return;
        }
        breakerLimits(path + ".circuit_breakers", r.breakers());
        breakerLimits(path + ".circuit_breakers.high_priority", r.highPriorityBreakers());
        RetryPolicy p = r.retry();
        if (p == null) {
            return;
        }
        String rp = path + ".retry_policy";
        if (p.retryOn().isEmpty()) {
            error(rp + ".retry_on", "at least one condition is required");
        }
        atLeast(rp + ".num_retries", p.numRetries(), 0);
        if (p.perTryTimeout() != null) {
            positive(rp + ".per_try_timeout", p.perTryTimeout());
        }
        for (int code : p.retriableStatusCodes()) {
            if (code < 100 || code > 599) {
                error(rp + ".retriable_status_codes", "status " + code + " out of range (100..599)");
            }
        }
        if (!p.retriableStatusCodes().isEmpty() && !p.retryOn().contains(RetryOn.RETRIABLE_STATUS_CODES)) {
            error(rp + ".retriable_status_codes", "has no effect unless retry_on lists retriable_status_codes");
        }
        positive(rp + ".backoff.base_interval", p.baseInterval());
        positive(rp + ".backoff.max_interval", p.maxInterval());
        if (p.baseInterval() != null && p.maxInterval() != null && p.maxInterval().compareTo(p.baseInterval()) < 0) {
            error(rp + ".backoff.max_interval", "must not be less than base_interval");
        }
        if (p.budget() != null) {
            if (p.budget().budgetPercent() <= 0 || p.budget().budgetPercent() > 100) {
                error(rp + ".budget.budget_percent", "must be between 1 and 100, got " + (int) p.budget().budgetPercent());
            }
            atLeast(rp + ".budget.min_retry_concurrency", p.budget().minRetryConcurrency(), 0);
        }
        if (p.maxReplayBytes() < 0) {
            error(rp + ".max_replay_bytes", "must not be negative, got " + p.maxReplayBytes());
        }
    }

    private void atLeast(String path, int value, int min) {
        if (value < min) {
            error(path, (min == 0 ? "must not be negative" : "must be at least " + min) + ", got " + value);
        }
    }

    private void positive(String path, Duration d) {
        if (d == null) {
            error(path, "required");
        } else if (d.isNegative() || d.isZero()) {
            error(path, "must be greater than 0, got " + Durations.format(d));
        }
    }

    /** @return whether the port is in range */
    private boolean port(String path, HostPort address, boolean zeroAllowed) {
        int min = zeroAllowed ? 0 : 1;
        if (address.port() < min || address.port() > 65535) {
            error(path, "port " + address.port() + " out of range");
            return false;
        }
        return true;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private void breakerLimits(String path, CircuitBreakers b) {
        atLeast(path + ".max_connections", b.maxConnections(), 1);
        atLeast(path + ".max_pending_requests", b.maxPendingRequests(), 0);
        atLeast(path + ".max_requests", b.maxRequests(), 1);
        atLeast(path + ".max_retries", b.maxRetries(), 0);
    }
}
