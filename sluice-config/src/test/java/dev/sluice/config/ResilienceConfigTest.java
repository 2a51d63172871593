package dev.sluice.config;

import static dev.sluice.config.Rejections.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.CircuitBreakers;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.RequestKind;
import dev.sluice.config.model.RetryBudget;
import dev.sluice.config.model.RetryOn;
import dev.sluice.config.model.RetryPolicy;
import dev.sluice.config.model.RoutingPriority;
import dev.sluice.config.model.TenantRoute;
import dev.sluice.config.model.WeightedClusters;
import dev.sluice.config.model.WeightedClusters.ClusterWeight;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** circuit_breakers, retry_policy, weighted_clusters and cluster_header: binding, defaults, errors. */
class ResilienceConfigTest {

    @Test
    void bindsEveryField() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:19080
                    cluster_header: x-sluice-cluster
                    routes:
                      - match: {path_prefix: /g/}
                        weighted_clusters: [{cluster: a, weight: 3}, {cluster: b, weight: 1}]
                    tenant_routing:
                      tenants:
                        t1: {write: {weighted_clusters: [{cluster: a, weight: 95}, {cluster: b, weight: 5}]}, read: a}
                        t2: {weighted_clusters: [{cluster: a, weight: 1}, {cluster: b, weight: 1}]}
                clusters:
                  - name: a
                    endpoints: [127.0.0.1:1]
                    circuit_breakers: {max_connections: 10, max_pending_requests: 20, max_requests: 30, max_retries: 4}
                    retry_policy:
                      retry_on: [5xx, gateway_error, connect_failure, reset, retriable_status_codes, refused_stream]
                      num_retries: 2
                      per_try_timeout: 1s
                      retriable_status_codes: [409]
                      backoff: {base_interval: 10ms, max_interval: 100ms}
                      budget: {budget_percent: 20, min_retry_concurrency: 3}
                      max_replay_bytes: 1MiB
                  - name: b
                    endpoints: [127.0.0.1:2]
                """, "test.yaml");
        Cluster a = b.clusters().get(0);
        assertThat(a.resilience().breakers()).isEqualTo(new CircuitBreakers(10, 20, 30, 4));
        assertThat(a.resilience().retry()).isEqualTo(new RetryPolicy(Set.of(RetryOn.values()), 2, Duration.ofSeconds(1),
                Set.of(409), Duration.ofMillis(10), Duration.ofMillis(100), new RetryBudget(20, 3), 1024 * 1024));
        Cluster c = b.clusters().get(1);
        assertThat(c.resilience().breakers()).isEqualTo(CircuitBreakers.DEFAULT);
        assertThat(c.resilience().retry()).isNull();

        var listener = b.listeners().get(0);
        assertThat(listener.clusterHeader()).isEqualTo("x-sluice-cluster");
        assertThat(listener.routes().get(0).cluster()).isNull();
        assertThat(listener.routes().get(0).split())
                .isEqualTo(new WeightedClusters(List.of(new ClusterWeight("a", 3), new ClusterWeight("b", 1))));
        TenantRoute t1 = listener.tenantRouting().tenants().get("t1");
        assertThat(t1.split(RequestKind.WRITE).clusters()).extracting(ClusterWeight::weight).containsExactly(95, 5);
        assertThat(t1.split(RequestKind.READ)).isNull();
        assertThat(t1.cluster(RequestKind.READ)).isEqualTo("a");
        TenantRoute t2 = listener.tenantRouting().tenants().get("t2");
        assertThat(t2.split(RequestKind.READ)).isSameAs(t2.split(RequestKind.WRITE)).isNotNull();
    }

    @Test
    void retryDefaultsFollowEnvoy() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                listeners: [{name: l, address: 127.0.0.1:19080, routes: [{cluster: a}]}]
                clusters:
                  - name: a
                    endpoints: [127.0.0.1:1]
                    retry_policy: {retry_on: [5xx]}
                """, "test.yaml");
        RetryPolicy p = b.clusters().get(0).resilience().retry();
        assertThat(p.numRetries()).isEqualTo(1);
        assertThat(p.perTryTimeout()).isNull();
        assertThat(p.baseInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(p.maxInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(p.budget()).isNull();
        assertThat(p.maxReplayBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void rejectsBadValuesWithTheirPaths() {
        List<String> errors = errors("""
                listeners:
                  - name: l
                    address: 127.0.0.1:19080
                    cluster_header: "bad header:"
                    routes:
                      - cluster: a
                        weighted_clusters: [{cluster: a, weight: 0}, {cluster: nope, weight: 1}, {cluster: a, weight: 1}]
                clusters:
                  - name: a
                    endpoints: [127.0.0.1:1]
                    circuit_breakers: {max_requests: 0}
                    retry_policy:
                      retry_on: [5xx, teapot]
                      num_retries: -1
                      retriable_status_codes: [700]
                      budget: {budget_percent: 0}
                      backoff: {base_interval: 100ms, max_interval: 10ms}
                """);
        assertThat(errors).contains(
                "clusters[0].retry_policy.retry_on[1]: unknown retry_on 'teapot' (expected one of: 5xx, gateway_error, "
                        + "connect_failure, reset, retriable_status_codes, refused_stream) (line 13)");
        assertThat(String.join("\n", errors))
                .contains("listeners[0].cluster_header: invalid header name")
                .contains("listeners[0].routes[0].cluster: set either cluster or weighted_clusters, not both")
                .contains("listeners[0].routes[0].weighted_clusters[0].weight: must be at least 1, got 0")
                .contains("listeners[0].routes[0].weighted_clusters[1].cluster: unknown cluster 'nope'")
                .contains("listeners[0].routes[0].weighted_clusters[2].cluster: duplicate cluster 'a' in the split")
                .contains("clusters[0].circuit_breakers.max_requests: must be at least 1, got 0")
                .contains("clusters[0].retry_policy.num_retries: must not be negative, got -1")
                .contains("clusters[0].retry_policy.retriable_status_codes: status 700 out of range")
                .contains("clusters[0].retry_policy.retriable_status_codes: has no effect unless retry_on lists")
                .contains("clusters[0].retry_policy.budget.budget_percent: must be between 1 and 100, got 0")
                .contains("clusters[0].retry_policy.backoff.max_interval: must not be less than base_interval");
    }

    @Test
    void routingPriorityPicksTheHighPriorityBreakers() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                listeners:
                  - name: l
                    address: 127.0.0.1:19080
                    routes:
                      - {match: {path_prefix: /admin}, cluster: a, priority: high}
                    tenant_routing:
                      tenants:
                        vip: {write: a, read: a, priority: high}
                        plain: a
                clusters:
                  - name: a
                    endpoints: [127.0.0.1:1]
                    circuit_breakers:
                      max_requests: 10
                      high_priority: {max_requests: 50, max_connections: 20}
                """, "test");
        var tenants = b.listeners().get(0).tenantRouting().tenants();
        assertThat(tenants.get("vip").priority()).isEqualTo(RoutingPriority.HIGH);
        assertThat(tenants.get("plain").priority()).isEqualTo(RoutingPriority.DEFAULT);
        assertThat(b.listeners().get(0).routes().get(0).priority()).isEqualTo(RoutingPriority.HIGH);
        var resilience = b.clusters().get(0).resilience();
        assertThat(resilience.breakers(RoutingPriority.DEFAULT).maxRequests()).isEqualTo(10);
        assertThat(resilience.breakers(RoutingPriority.HIGH))
                .isEqualTo(new CircuitBreakers(20, CircuitBreakers.DEFAULT_LIMIT, 50, CircuitBreakers.DEFAULT_LIMIT));
    }

    @Test
    void rejectsUnknownPriorityAndBadHighPriorityLimits() {
        String all = String.join("\n", errors("""
                listeners:
                  - name: l
                    address: 127.0.0.1:19080
                    tenant_routing:
                      tenants:
                        t: {write: a, read: a, priority: urgent}
                clusters:
                  - name: a
                    endpoints: [127.0.0.1:1]
                    circuit_breakers: {high_priority: {max_requests: 0, high_priority: {}}}
                """));
        assertThat(all)
                .contains("tenants.t.priority: unknown priority 'urgent' (expected one of: default, high)")
                .contains("clusters[0].circuit_breakers.high_priority.high_priority: unknown field")
                .contains("clusters[0].circuit_breakers.high_priority.max_requests: must be at least 1, got 0");
    }

    @Test
    void aTenantSplitCannotAlsoNameWriteAndRead() {
        assertThat(String.join("\n", errors("""
                listeners:
                  - name: l
                    address: 127.0.0.1:19080
                    tenant_routing:
                      tenants:
                        t: {write: a, weighted_clusters: [{cluster: a, weight: 1}]}
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """))).contains("tenants.t.weighted_clusters: weighted_clusters applies to reads and writes");
    }
}
