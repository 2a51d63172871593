package dev.sluice.bench;

import dev.sluice.config.model.ClassifyRule;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.HealthPolicy;
import dev.sluice.config.model.Endpoint;
import dev.sluice.config.model.HostPort;
import dev.sluice.config.model.LbPolicy;
import dev.sluice.config.model.Limits;
import dev.sluice.config.model.Listener;
import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.config.model.TenantRoute;
import dev.sluice.config.model.TenantRouting;
import dev.sluice.config.model.UpstreamProtocol;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Config fixtures for the benchmarks: a listener with N tenants over one cluster. */
final class BenchConfigs {
    private BenchConfigs() {}

    static Cluster cluster(String name) {
        return new Cluster(name, List.of(new Endpoint(new HostPort("127.0.0.1", 18000), 1, 0)),
                LbPolicy.ROUND_ROBIN, UpstreamProtocol.HTTP1, Duration.ofSeconds(1), Duration.ofSeconds(15),
                Duration.ofMinutes(5), Duration.ofSeconds(60), 1024, 0, Duration.ofSeconds(30),
                HealthPolicy.DEFAULT,
                dev.sluice.config.model.ResiliencePolicy.DEFAULT);
    }

    static String tenant(int i) {
        return String.format("tenant-%06d", i);
    }

    static Listener listener(int tenants) {
        Map<String, TenantRoute> map = new LinkedHashMap<>();
        for (int i = 0; i < tenants; i++) {
            map.put(tenant(i), new TenantRoute(tenant(i), "backend", "backend"));
        }
        List<ClassifyRule> rules = List.of(
                new ClassifyRule(Set.of("POST"), null, "/api/v1/push", RequestKind.WRITE),
                new ClassifyRule(Set.of("POST"), null, "/api/v1/write", RequestKind.WRITE),
                new ClassifyRule(Set.of("POST"), null, "/otlp/v1/", RequestKind.WRITE),
                new ClassifyRule(Set.of("POST"), null, "/loki/api/v1/push", RequestKind.WRITE));
        TenantRouting routing = new TenantRouting(TenantRouting.DEFAULT_HEADER, map, TenantFallback.REJECT,
                TenantFallback.REJECT, rules, RequestKind.READ);
        return new Listener("ingress", new HostPort("127.0.0.1", 0), Limits.DEFAULT, Duration.ofSeconds(60),
                List.of(), routing);
    }
}
