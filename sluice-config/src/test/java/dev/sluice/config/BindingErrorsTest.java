package dev.sluice.config;

import static dev.sluice.config.Rejections.errors;
import static dev.sluice.config.Rejections.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems found while reading the YAML: syntax, shape, types, units, unknown keys. */
class BindingErrorsTest {

    @Test
    void syntaxErrorNamesItsLine() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:80: x
                """);

        assertThat(errors).containsExactly(
                "YAML syntax error: mapping values are not allowed here at column 26 (line 3)");
    }

    @Test
    void unclosedFlowSequenceIsASyntaxError() {
        List<String> errors = errors("""
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:80
                listeners: []
                """);

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("YAML syntax error: while parsing a flow sequence");
        assertThat(errors.get(0)).endsWith("(line 4)");
    }

    @Test
    void emptyDocumentIsRejected() {
        assertThat(errors("# only a comment\n")).containsExactly("the config is empty");
    }

    @Test
    void twoDocumentsAreRejected() {
        List<String> errors = errors("workers: 1\n---\nworkers: 2\n");

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("expected a single document").endsWith("(line 2)");
    }

    @Test
    void rootMustBeAMapping() {
        assertThat(errors("- a\n- b\n")).containsExactly("expected a mapping, got a list (line 1)");
    }

    @Test
    void unknownFieldIsReportedWithASuggestion() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:19080
                    tenant_routing:
                      tennants:
                        team-a: blue
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:19091]
                    colour: blue
                """);

        assertThat(errors).contains(
                "listeners[0].tenant_routing.tennants: unknown field; did you mean 'tenants'? (line 5)",
                "clusters[0].colour: unknown field (line 10)");
    }

    @Test
    void duplicateKeyIsAnError() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    name: egress
                    routes: [{cluster: blue}]
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly("listeners[0].name: duplicate key (first at line 2) (line 4)");
    }

    @Test
    void wrongTypesAreErrors() {
        List<String> errors = errors("""
                workers: four
                drain_timeout: [10s]
                listeners:
                  name: ingress
                clusters:
                  - name: blue
                    endpoints: 127.0.0.1:80
                    max_connections_per_worker: "64"
                """);

        assertThat(errors).containsExactly(
                "workers: expected an integer, got 'four' (line 1)",
                "drain_timeout: expected a string, got a list (line 2)",
                "listeners: expected a list, got a mapping (line 4)",
                "clusters[0].endpoints: expected a list, got '127.0.0.1:80' (line 7)",
                "clusters[0].max_connections_per_worker: expected an integer, got '64' (line 8)");
    }

    @Test
    void wrongTypesInsideRoutes() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes:
                      - match:
                          methods: GET
                          headers:
                            - name: x-debug
                              exact: "1"
                              invert: maybe
                        cluster: blue
                      - "/healthz"
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly(
                "listeners[0].routes[0].match.methods: expected a list, got 'GET' (line 6)",
                "listeners[0].routes[0].match.headers[0].invert: expected true or false, got 'maybe' (line 10)",
                "listeners[0].routes[1]: expected a mapping, got '/healthz' (line 12)");
    }

    @Test
    void durationWithoutUnitGetsAHint() {
        List<String> errors = errors("""
                drain_timeout: 10
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    idle_timeout: 5 sec
                    routes: [{cluster: blue}]
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly(
                "drain_timeout: duration 10 has no unit; write e.g. 10s or 10ms (units: ms, s, m, h) (line 1)",
                "listeners[0].idle_timeout: invalid duration '5 sec' (expected a whole number with a unit,"
                        + " e.g. 250ms, 5s, 1m, 2h, 1m30s) (line 5)");
    }

    @Test
    void badSizesAreErrors() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    limits:
                      max_header_bytes: 4GiB
                      max_initial_line_bytes: 16 kilobytes
                      max_body_bytes: 1.5MiB
                    routes: [{cluster: blue}]
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly(
                "listeners[0].limits.max_header_bytes: size 4GiB is too large (at most 2147483647 bytes) (line 5)",
                "listeners[0].limits.max_initial_line_bytes: unknown size unit 'kilobytes' in '16 kilobytes'"
                        + " (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB) (line 6)",
                "listeners[0].limits.max_body_bytes: invalid size '1.5MiB' (expected a whole number of bytes"
                        + " with an optional unit, e.g. 65536, 64KiB, 10MB) (line 7)");
    }

    @Test
    void unknownEnumValuesListTheChoices() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants: {a: blue}
                      default_kind: READ
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                    lb_policy: least_conn
                    protocol: h2c
                """);

        assertThat(errors).containsExactly(
                "listeners[0].tenant_routing.default_kind: unknown default_kind 'READ' (expected one of: read, write) (line 6)",
                "clusters[0].lb_policy: unknown lb_policy 'least_conn' (expected one of: round_robin,"
                        + " weighted_round_robin, random, least_request, ring_hash, maglev) (line 10)",
                "clusters[0].protocol: unknown protocol 'h2c' (expected one of: http1, http2) (line 11)");
    }

    @Test
    void badHostPortsSayWhatIsWrong() {
        List<String> errors = errors("""
                admin:
                  address: :9901
                listeners:
                  - name: ingress
                    address: ::1:8080
                    routes: [{cluster: blue}]
                clusters:
                  - name: blue
                    endpoints:
                      - http://backend:8080
                      - backend.local
                      - backend.local:http
                      - "[::1]8080"
                      - {address: 10.0.0.1:99999}
                """);

        assertThat(errors).containsExactly(
                "admin.address: ':9901': missing host (use 0.0.0.0:9901 to listen on every interface) (line 2)",
                "listeners[0].address: '::1:8080': an IPv6 address needs brackets, e.g. [::1]:8080 (line 5)",
                "clusters[0].endpoints[0]: 'http://backend:8080' is not host:port"
                        + " (write it without scheme or path, e.g. backend.local:8080) (line 10)",
                "clusters[0].endpoints[1]: 'backend.local': missing port (expected host:port) (line 11)",
                "clusters[0].endpoints[2]: 'backend.local:http': invalid port 'http' (line 12)",
                "clusters[0].endpoints[3]: '[::1]8080': missing port (expected [ipv6]:port) (line 13)",
                "clusters[0].endpoints[4].address: port 99999 out of range (line 14)");
    }

    @Test
    void invalidRegexCarriesTheRegexMessage() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes:
                      - match:
                          path_regex: /api/(v1|v2
                        cluster: blue
                      - match:
                          headers:
                            - {name: x-id, regex: "[0-9"}
                        cluster: blue
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly(
                "listeners[0].routes[0].match.path_regex: invalid regex '/api/(v1|v2': Unclosed group near index 11 (line 6)",
                "listeners[0].routes[1].match.headers[0].regex: invalid regex '[0-9': Unclosed character class"
                        + " near index 3 (line 10)");
    }

    @Test
    void emptyMethodListIsRefused() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes:
                      - match: {path_prefix: /api, methods: []}
                        cluster: blue
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly(
                "listeners[0].routes[0].match.methods: must not be empty (leave methods out to match any method) (line 5)");
    }

    @Test
    void tenantFallbackMustBeRejectOrDefaultCluster() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: blue
                        team-b:
                        team-c: [blue]
                        team-d: {write: blue, reed: blue}
                      missing_tenant: drop
                      unknown_tenant: {cluster: blue}
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly(
                "listeners[0].tenant_routing.tenants.team-b: expected a cluster name or {write: CLUSTER, read: CLUSTER},"
                        + " got nothing (line 7)",
                "listeners[0].tenant_routing.tenants.team-c: expected a mapping, got a list (line 8)",
                "listeners[0].tenant_routing.tenants.team-d.reed: unknown field; did you mean 'read'? (line 9)",
                "listeners[0].tenant_routing.tenants.team-d.read: required (line 9)",
                "listeners[0].tenant_routing.missing_tenant: expected 'reject' or {default_cluster: CLUSTER},"
                        + " got 'drop' (line 10)",
                "listeners[0].tenant_routing.unknown_tenant.cluster: unknown field (line 11)",
                "listeners[0].tenant_routing.unknown_tenant.default_cluster: required (line 11)");
    }

    @Test
    void aClusterThatFailedToBindDoesNotAlsoFailEveryReferenceToIt() {
        List<String> errors = errors("""
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes: [{cluster: blue}]
                clusters:
                  - name: [blue]
                    endpoints: [127.0.0.1:1]
                """);

        assertThat(errors).containsExactly("clusters[0].name: expected a string, got a list (line 6)");
    }

    @Test
    void aliasBombIsStoppedByTheAliasLimit() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }

        List<String> errors = errors(yaml.toString());

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("YAML error: Number of aliases for non-scalar nodes exceeds the specified max");
    }

    @Test
    void missingFileIsReportedWithItsName(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        try {
            ConfigLoader.load(missing);
        } catch (ConfigException e) {
            assertThat(e.source()).isEqualTo(missing.toString());
            assertThat(e.getMessage()).isEqualTo("invalid config " + missing + ": 1 error\n  file not found");
            return;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void exceptionMessageListsEveryErrorOnItsOwnLine() {
        ConfigException e = rejection("""
                workers: many
                drain_timeout: soon
                """);

        assertThat(e.getMessage()).isEqualTo("""
                invalid config test.yaml: 3 errors
                  workers: expected an integer, got 'many' (line 1)
                  listeners: at least one listener is required (line 1)
                  drain_timeout: invalid duration 'soon' (expected a whole number with a unit, e.g. 250ms, 5s, 1m, 2h, 1m30s) (line 2)""");
        assertThat(e.errors()).extracting(ConfigError::path).containsExactly("workers", "listeners", "drain_timeout");
    }
}
