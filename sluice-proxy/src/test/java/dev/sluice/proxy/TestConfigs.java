package dev.sluice.proxy;

import dev.sluice.config.model.AccessLog;
import dev.sluice.config.model.Admin;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.ClassifyRule;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.Endpoint;
import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.LbPolicy;
import dev.sluice.config.model.Limits;
import dev.sluice.config.model.Listener;
import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.Route;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.config.model.TenantRoute;
import dev.sluice.config.model.TenantRouting;
import dev.sluice.config.model.UpstreamProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds configs for tests without YAML: ephemeral ports, short timeouts. */
public final class TestConfigs {
    private TestConfigs() {}

    public static Cluster cluster(String name, int... ports) {
        return cluster(name, UpstreamProtocol.HTTP1, ports);
    }

    public static Cluster cluster(String name, UpstreamProtocol protocol, int... ports) {
        List<Endpoint> eps = new ArrayList<>();
        for (int p : ports) {
            eps.add(new Endpoint(new HostPort("127.0.0.1", p), 1, 0));
        }
        return new Cluster(name, eps, LbPolicy.ROUND_ROBIN, protocol, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), 1024, 0,
                Duration.ofSeconds(30), HealthPolicy.DEFAULT, dev.sluice.config.model.ResiliencePolicy.DEFAULT);
    }

    public static Cluster withTimeouts(Cluster c, Duration response, Duration streamIdle) {
        return new Cluster(c.name(), c.endpoints(), c.lbPolicy(), c.protocol(), c.connectTimeout(), response,
                streamIdle, c.idleTimeout(), c.maxConnectionsPerWorker(), c.maxRequestsPerConnection(),
                c.dnsRefresh(), c.health(), c.resilience());
    }

    public static Cluster withHealth(Cluster c, HealthPolicy health) {
        return new Cluster(c.name(), c.endpoints(), c.lbPolicy(), c.protocol(), c.connectTimeout(),
                c.responseTimeout(), c.streamIdleTimeout(), c.idleTimeout(), c.maxConnectionsPerWorker(),
                c.maxRequestsPerConnection(), c.dnsRefresh(), health, c.resilience());
    }

    /** Default classification rules matching the documented defaults (writes: push/write/OTLP). */
    public static List<ClassifyRule> defaultClassify() {
        List<ClassifyRule> rules = new ArrayList<>();
        for (String p : List.of("/api/v1/push", "/api/v1/write", "/api/prom/push", "/loki/api/v1/push",
                "/v1/metrics", "/v1/logs", "/v1/traces", "/otlp/v1/", "/api/v1/import")) {
            rules.add(new ClassifyRule(Set.of("POST"), null, p, RequestKind.WRITE));
        }
        return rules;
    }

    public static TenantRouting tenants(Map<String, String[]> readWrite, TenantFallback missing,
            TenantFallback unknown) {
        Map<String, TenantRoute> routes = new LinkedHashMap<>();
        readWrite.forEach((t, rw) -> routes.put(t, new TenantRoute(t, rw[0], rw[1])));
        return new TenantRouting(TenantRouting.DEFAULT_HEADER, routes, missing, unknown, defaultClassify(),
                RequestKind.READ);
    }

    public static Listener listener(String name, List<Route> routes, TenantRouting tenants) {
        return listener(name, routes, tenants, Limits.DEFAULT);
    }

    public static Listener listener(String name, List<Route> routes, TenantRouting tenants, Limits limits) {
        return new Listener(name, new HostPort("127.0.0.1", 0), limits, Duration.ofSeconds(60), routes, tenants);
    }

    public static Bootstrap bootstrap(List<Listener> listeners, List<Cluster> clusters) {
        return bootstrap(listeners, clusters, AccessLog.DISABLED);
    }

    public static Bootstrap bootstrap(List<Listener> listeners, List<Cluster> clusters, AccessLog log) {
        return new Bootstrap(new Admin(new HostPort("127.0.0.1", 0)), 2, Duration.ofSeconds(5), log,
                listeners, clusters);
    }
}
