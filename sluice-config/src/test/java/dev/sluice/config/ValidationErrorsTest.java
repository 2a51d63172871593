package dev.sluice.config;

import static dev.sluice.config.Rejections.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules checked after binding, reported with the path and line of the offending value. */
class ValidationErrorsTest {

    @Test
    void endpointPortOutOfRangeInShorthand() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:19080
                    routes: [{cluster: a}]
                clusters:
                  - name: a
                    endpoints: [127.0.0.1:1]
                  - name: b
                    endpoints: [127.0.0.1:2]
                  - name: c
                    endpoints:
                      - 127.0.0.1:70000
                      - 127.0.0.1:0
                      - {address: 127.0.0.1:0}
                """);

        assertThat(errors).containsExactly(
                "clusters[2].endpoints[0]: port 70000 out of range (line 12)",
                "clusters[2].endpoints[1]: port 0 out of range (line 13)",
                "clusters[2].endpoints[2].address: port 0 out of range (line 14)");
    }

    @Test
    void portZeroIsAllowedForListenersAndAdmin() throws Exception {
        var b = ConfigLoader.parse("""
                admin: {address: 127.0.0.1:0}
                listeners:
                  - {name: one, address: 127.0.0.1:0, routes: [{cluster: a}]}
                  - {name: two, address: 127.0.0.1:0, routes: [{cluster: a}]}
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """, "t");

        assertThat(b.admin().address().port()).isZero();
        assertThat(b.listeners()).allSatisfy(l -> assertThat(l.address().port()).isZero());
    }

    @Test
    void requiredFieldsAreReportedAtTheMappingThatLacksThem() {
        List<String> errors = errors("""
                listeners:
                  - routes:
                      - match: {path_prefix: /}
                clusters:
                  - lb_policy: random
                  - name: "  "
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly(
                "listeners[0].name: required (line 2)",
                "listeners[0].address: required (line 2)",
                "listeners[0].routes[0].cluster: required (line 3)",
                "clusters[0].name: required (line 5)",
                "clusters[0].endpoints: at least one endpoint is required (line 5)",
                "clusters[1].name: required (line 6)");
    }

    @Test
    void atLeastOneListener() {
        assertThat(errors("clusters: [{name: a, endpoints: [127.0.0.1:1]}]\n"))
                .containsExactly("listeners: at least one listener is required (line 1)");
    }

    @Test
    void namesAndAddressesMustBeUnique() {
        List<String> errors = errors("""
                admin: {address: 127.0.0.1:9901}
                listeners:
                  - {name: ingress, address: 127.0.0.1:8080, routes: [{cluster: a}]}
                  - {name: ingress, address: 127.0.0.1:8080, routes: [{cluster: a}]}
                  - {name: wild, address: 0.0.0.0:8080, routes: [{cluster: a}]}
                  - {name: admin-clash, address: 127.0.0.1:9901, routes: [{cluster: a}]}
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1, 127.0.0.1:1]}
                  - {name: a, endpoints: [127.0.0.1:2]}
                """);

        assertThat(errors).containsExactly(
                "listeners[1].name: duplicate listener name 'ingress' (also listeners[0]) (line 4)",
                "listeners[1].address: address 127.0.0.1:8080 is already used by listeners[0] (127.0.0.1:8080) (line 4)",
                "listeners[2].address: address 0.0.0.0:8080 is already used by listeners[0] (127.0.0.1:8080) (line 5)",
                "listeners[3].address: address 127.0.0.1:9901 is already used by the admin listener (127.0.0.1:9901) (line 6)",
                "clusters[0].endpoints[1]: duplicate endpoint 127.0.0.1:1 (also endpoints[0]) (line 8)",
                "clusters[1].name: duplicate cluster name 'a' (also clusters[0]) (line 9)");
    }

    @Test
    void everyReferencedClusterMustExist() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes:
                      - cluster: bleu
                    tenant_routing:
                      tenants:
                        team-a: gren
                        team-b: {write: blue, read: red}
                      missing_tenant: {default_cluster: nowhere}
                      unknown_tenant: {default_cluster: blue}
                clusters:
                  - {name: blue, endpoints: [127.0.0.1:1]}
                  - {name: green, endpoints: [127.0.0.1:2]}
                """);

        assertThat(errors).containsExactly(
                "listeners[0].routes[0].cluster: unknown cluster 'bleu'; did you mean 'blue'? (line 5)",
                "listeners[0].tenant_routing: unreachable: routes[0] matches every request, so none reaches"
                        + " tenant_routing (line 6)",
                "listeners[0].tenant_routing.tenants.team-a: unknown cluster 'gren'; did you mean 'green'? (line 8)",
                "listeners[0].tenant_routing.tenants.team-b.read: unknown cluster 'red' (line 9)",
                "listeners[0].tenant_routing.missing_tenant.default_cluster: unknown cluster 'nowhere' (line 10)");
    }

    @Test
    void listenerNeedsRoutesOrTenantRouting() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes: []
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """);

        assertThat(errors).containsExactly(
                "listeners[0]: has neither routes nor tenant_routing, so it could serve no request (line 2)");
    }

    @Test
    void routeMatchRules() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes:
                      - match: {path_exact: /a, path_prefix: /b}
                        cluster: a
                      - match: {path_prefix: api/v1, methods: ["GET POST"]}
                        cluster: a
                      - name: route-0
                        match: {path_exact: /x}
                        cluster: a
                      - match: {path_exact: /x}
                        cluster: a
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """);

        assertThat(errors).containsExactly(
                "listeners[0].routes[0].match: at most one of path_exact, path_prefix, path_regex may be set (line 5)",
                "listeners[0].routes[1].match.path_prefix: must start with '/', got 'api/v1' (line 7)",
                "listeners[0].routes[1].match.methods: invalid method 'GET POST' (line 7)",
                "listeners[0].routes[2].name: duplicate route name 'route-0' (also routes[0]) (line 9)",
                "listeners[0].routes[3]: unreachable: routes[2] before it has the same match (line 12)");
    }

    @Test
    void routesAfterACatchAllAreUnreachable() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes:
                      - match: {path_prefix: /}
                        cluster: a
                      - match: {path_exact: /healthz}
                        cluster: a
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """);

        assertThat(errors).containsExactly(
                "listeners[0].routes[1]: unreachable: routes[0] before it matches every request (line 7)");
    }

    @Test
    void headerMatcherRules() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes:
                      - match:
                          headers:
                            - {name: x-a}
                            - {name: x-b, exact: "1", prefix: "2"}
                            - {name: x-c, present: false}
                            - {name: "x c", exact: "1"}
                            - {exact: "1"}
                        cluster: a
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """);

        assertThat(errors).containsExactly(
                "listeners[0].routes[0].match.headers[0]: one of exact, prefix, regex or present is required (line 7)",
                "listeners[0].routes[0].match.headers[1]: only one of exact, prefix, regex or present may be set,"
                        + " got exact and prefix (line 8)",
                "listeners[0].routes[0].match.headers[2].present: must be true; to match a missing header write"
                        + " present: true with invert: true (line 9)",
                "listeners[0].routes[0].match.headers[3].name: invalid header name 'x c' (expected letters, digits"
                        + " and !#$%&'*+-.^_`|~, no spaces or colons) (line 10)",
                "listeners[0].routes[0].match.headers[4].name: required (line 11)");
    }

    @Test
    void tenantRoutingRules() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      header: "X-Scope-OrgID:"
                      tenants:
                        "": a
                        " team-a": a
                      classify:
                        - {methods: [POST], kind: write}
                        - {path_exact: /a, path_prefix: /b, kind: write}
                        - {path_prefix: v1/push, kind: write}
                        - {path_prefix: /v1/push}
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """);

        assertThat(errors).containsExactly(
                "listeners[0].tenant_routing.header: invalid header name 'X-Scope-OrgID:' (expected letters,"
                        + " digits and !#$%&'*+-.^_`|~, no spaces or colons) (line 5)",
                "listeners[0].tenant_routing.tenants[\"\"]: tenant id must not be empty (line 7)",
                "listeners[0].tenant_routing.tenants[\" team-a\"]: tenant id ' team-a' starts or ends with"
                        + " whitespace, which a header value never does (line 8)",
                "listeners[0].tenant_routing.classify[0]: exactly one of path_exact or path_prefix is required"
                        + " (path_prefix: / matches every path) (line 10)",
                "listeners[0].tenant_routing.classify[1]: exactly one of path_exact or path_prefix is required"
                        + " (path_prefix: / matches every path) (line 11)",
                "listeners[0].tenant_routing.classify[2].path_prefix: must start with '/', got 'v1/push' (line 12)",
                "listeners[0].tenant_routing.classify[3].kind: required (read or write) (line 13)");
    }

    @Test
    void noTenantsWithRejectWouldRejectEverything() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      header: X-Scope-OrgID
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """);

        assertThat(errors).containsExactly(
                "listeners[0].tenant_routing.tenants: no tenants and unknown_tenant is reject, so every request"
                        + " would be rejected (line 4)");
    }

    @Test
    void noTenantsIsFineWhenUnknownTenantsGoToADefaultCluster() throws Exception {
        var b = ConfigLoader.parse("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      unknown_tenant: {default_cluster: a}
                clusters:
                  - {name: a, endpoints: [127.0.0.1:1]}
                """, "t");

        assertThat(b.listeners().get(0).tenantRouting().tenants()).isEmpty();
        assertThat(b.listeners().get(0).tenantRouting().unknownTenant().cluster()).isEqualTo("a");
    }

    @Test
    void numericRanges() {
        List<String> errors = errors("""
                workers: 5000
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    idle_timeout: 0s
                    limits: {max_header_bytes: 0}
                    routes: [{cluster: a}]
                clusters:
                  - name: a
                    endpoints:
                      - {address: 127.0.0.1:1, weight: 0, priority: -1}
                    connect_timeout: 0ms
                    max_connections_per_worker: 0
                    max_requests_per_connection: -5
                """);

        assertThat(errors).containsExactly(
                "workers: must be between 0 and 1024 (0 = one per core), got 5000 (line 1)",
                "listeners[0].idle_timeout: must be greater than 0, got 0s (line 5)",
                "listeners[0].limits.max_header_bytes: must be at least 1 byte, got 0 (line 6)",
                "clusters[0].endpoints[0].weight: must be at least 1, got 0 (line 11)",
                "clusters[0].endpoints[0].priority: must not be negative (0 is the most preferred), got -1 (line 11)",
                "clusters[0].connect_timeout: must be greater than 0, got 0s (line 12)",
                "clusters[0].max_connections_per_worker: must be at least 1, got 0 (line 13)",
                "clusters[0].max_requests_per_connection: must not be negative (0 = unlimited), got -5 (line 14)");
    }

    @Test
    void accessLogPath() {
        List<String> errors = errors("""
                access_log: {path: stderr}
                listeners: [{name: l, address: "127.0.0.1:0", routes: [{cluster: a}]}]
                clusters: [{name: a, endpoints: ["127.0.0.1:1"]}]
                """);

        assertThat(errors).containsExactly("access_log.path: 'stderr' is not supported and would create a file"
                + " named stderr; use stdout or a file path (line 1)");
        assertThat(errors("""
                access_log: {}
                listeners: [{name: l, address: "127.0.0.1:0", routes: [{cluster: a}]}]
                clusters: [{name: a, endpoints: ["127.0.0.1:1"]}]
                """)).containsExactly("access_log.path: required: 'stdout' or a file path (line 1)");
    }

    @Test
    void allErrorsComeTogetherInLineOrder() {
        List<String> errors = errors("""
                workers: -1
                listeners:
                  - name: ingress
                    address: 127.0.0.1:19080
                    routes:
                      - cluster: missing
                    tenant_routing:
                      tennants: {a: b}
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:70000]
                    lb_policy: fastest
                """);

        assertThat(errors).containsExactly(
                "workers: must be between 0 and 1024 (0 = one per core), got -1 (line 1)",
                "listeners[0].routes[0].cluster: unknown cluster 'missing' (line 6)",
                "listeners[0].tenant_routing: unreachable: routes[0] matches every request, so none reaches"
                        + " tenant_routing (line 7)",
                "listeners[0].tenant_routing.tenants: no tenants and unknown_tenant is reject, so every request"
                        + " would be rejected (line 7)",
                "listeners[0].tenant_routing.tennants: unknown field; did you mean 'tenants'? (line 8)",
                "clusters[0].endpoints[0]: port 70000 out of range (line 11)",
                "clusters[0].lb_policy: unknown lb_policy 'fastest' (expected one of: round_robin,"
                        + " weighted_round_robin, random, least_request, ring_hash, maglev) (line 12)");
    }
}
