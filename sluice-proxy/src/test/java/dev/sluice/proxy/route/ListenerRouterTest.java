package dev.sluice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.LbPolicy;
import dev.sluice.proxy.http.Cause;
import dev.sluice.proxy.lb.LoadBalancers;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.upstream.ClusterRuntime;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the router hands over per request: the target, and the stats (label set) it counts under. */
class ListenerRouterTest {
    private final ProxyStats stats = new ProxyStats();
    private final ListenerRouter router;

    private record Routed(RouteTarget target, int statsId) {}

    ListenerRouterTest() throws Exception {
        Bootstrap config = ConfigLoader.parse("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    cluster_header: x-sluice-cluster
                    routes:
                      - match: {path_prefix: /generic/}
                        weighted_clusters:
                          - {cluster: main, weight: 1}
                          - {cluster: canary, weight: 1}
                    tenant_routing:
                      tenants:
                        team-a: main
                        team-b: main
                        team-c: {write: canary, read: main}
                        team-d:
                          write:
                            weighted_clusters:
                              - {cluster: main, weight: 1}
                              - {cluster: canary, weight: 1}
                          read: main
                clusters:
                  - {name: main, endpoints: [127.0.0.1:9]}
                  - {name: canary, endpoints: [127.0.0.1:9]}
                """, "router-test");
        Map<String, ClusterRuntime> clusters = new HashMap<>();
        for (Cluster c : config.clusters()) {
            clusters.put(c.name(), new ClusterRuntime(c, LoadBalancers.factory(LbPolicy.ROUND_ROBIN),
                    stats.cluster(c.name()), stats.health(c.name())));
        }
        router = new ListenerRouter(config.listeners().get(0), clusters::get, stats);
    }

    private Routed route(String method, String path, String tenant, String forcedCluster) {
        HttpHeaders h = new DefaultHttpHeaders();
        if (tenant != null) {
            h.add("X-Scope-OrgID", tenant);
        }
        if (forcedCluster != null) {
            h.add("x-sluice-cluster", forcedCluster);
        }
        Routed[] out = new Routed[1];
        router.route(method, path, h, (target, statsId) -> out[0] = new Routed(target, statsId));
        return out[0];
    }

    private int id(String cluster, String tenant) {
        return stats.target("ingress", cluster, tenant).id();
    }

    @Test
    void tenantsRoutedAlikeShareATargetAndCountUnderTheirOwnStats() {
        Routed a = route("POST", "/api/v1/push", "team-a", null);
        Routed b = route("POST", "/api/v1/push", "team-b", null);
        assertThat(a.target()).isSameAs(b.target());
        assertThat(a.target().clusterName()).isEqualTo("main");
        assertThat(a.statsId()).isEqualTo(id("main", "team-a"));
        assertThat(b.statsId()).isEqualTo(id("main", "team-b"));
        assertThat(a.target().latency()).isSameAs(stats.latency("ingress", "main"));
    }

    @Test
    void readsAndWritesOfATenantCountUnderItsStatsForEachCluster() {
        Routed write = route("POST", "/api/v1/push", "team-c", null);
        Routed read = route("GET", "/prometheus/api/v1/query", "team-c", null);
        assertThat(write.target().clusterName()).isEqualTo("canary");
        assertThat(write.statsId()).isEqualTo(id("canary", "team-c"));
        assertThat(read.target().clusterName()).isEqualTo("main");
        assertThat(read.statsId()).isEqualTo(id("main", "team-c"));
    }

    @Test
    void aTenantsSplitCountsEachPickUnderThatClusterAndTheTenant() {
        Routed main = route("POST", "/api/v1/push", "team-d", "main");
        Routed canary = route("POST", "/api/v1/push", "team-d", "canary");
        assertThat(main.target().clusterName()).isEqualTo("main");
        assertThat(main.statsId()).isEqualTo(id("main", "team-d"));
        assertThat(canary.target().clusterName()).isEqualTo("canary");
        assertThat(canary.statsId()).isEqualTo(id("canary", "team-d"));
        for (int i = 0; i < 50; i++) {
            Routed r = route("POST", "/api/v1/push", "team-d", null);
            assertThat(r.target().split()).as("never a split handed out").isNull();
            assertThat(r.statsId()).isEqualTo(id(r.target().clusterName(), "team-d"));
        }
    }

    @Test
    void genericSplitsUnknownAndMissingTenantsCountUnderTheirOwnLabels() {
        Routed generic = route("GET", "/generic/x", null, "canary");
        assertThat(generic.target().clusterName()).isEqualTo("canary");
        assertThat(generic.statsId()).isEqualTo(id("canary", ""));
        Routed unknown = route("POST", "/api/v1/push", "nobody", null);
        assertThat(unknown.target().reject()).isEqualTo(Cause.UNKNOWN_TENANT);
        assertThat(unknown.statsId()).isEqualTo(id("", ListenerRouter.UNKNOWN_LABEL));
        Routed missing = route("POST", "/api/v1/push", null, null);
        assertThat(missing.target().reject()).isEqualTo(Cause.MISSING_TENANT);
        assertThat(missing.statsId()).isEqualTo(id("", ListenerRouter.MISSING_LABEL));
    }
}
