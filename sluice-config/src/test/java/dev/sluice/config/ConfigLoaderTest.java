package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.Endpoint;
import dev.sluice.config.model.HeaderMatcher;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid configs: every field lands in the right record component. */
class ConfigLoaderTest {

    private static final String FULL = """
            admin:
              address: 127.0.0.2:9902
            workers: 4
            drain_timeout: 30s
            access_log:
              path: /var/log/sluice/access.log
            listeners:
              - name: ingress
                address: "[::1]:19080"
                idle_timeout: 90s
                limits:
                  max_header_bytes: 32KiB
                  max_initial_line_bytes: 8192
                  max_body_bytes: 100MiB
                routes:
                  - name: healthz
                    match:
                      path_exact: /healthz
                      methods: [get, HEAD]
                      headers:
                        - name: x-debug
                          exact: "1"
                          invert: true
                        - name: x-canary
                          prefix: v2
                        - name: x-trace
                          regex: "[a-f0-9]{32}"
                        - name: x-internal
                          present: true
                    cluster: blue
                  - match:
                      path_regex: ^/debug/.*$
                    cluster: green-r
                tenant_routing:
                  header: X-Tenant
                  tenants:
                    team-a: blue
                    team-b: {write: green-w, read: green-r}
                  missing_tenant: {default_cluster: blue}
                  unknown_tenant: {default_cluster: green-r}
                  classify:
                    - methods: [POST, put]
                      path_prefix: /ingest/
                      kind: write
                    - path_exact: /search
                      kind: read
                  default_kind: write
            clusters:
              - name: blue
                endpoints:
                  - 127.0.0.1:19091
                  - {address: backend.local:8080, weight: 2, priority: 1}
                  - address: "[2001:db8::1]:9000"
                lb_policy: weighted_round_robin
                protocol: http2
                connect_timeout: 250ms
                response_timeout: 1m30s
                stream_idle_timeout: 2h
                idle_timeout: 45s
                max_connections_per_worker: 64
                max_requests_per_connection: 1000
                dns_refresh: 5m
              - name: green-w
                endpoints: [10.0.0.1:80]
                lb_policy: least_request
              - name: green-r
                endpoints: [10.0.0.2:80]
                lb_policy: maglev
            """;

    @Test
    void bindsEveryTopLevelField() throws Exception {
        Bootstrap b = ConfigLoader.parse(FULL, "full.yaml");

        assertThat(b.admin().address()).isEqualTo(new HostPort("127.0.0.2", 9902));
        assertThat(b.workers()).isEqualTo(4);
        assertThat(b.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.accessLog().enabled()).isTrue();
        assertThat(b.accessLog().path()).isEqualTo("/var/log/sluice/access.log");
        assertThat(b.accessLog().toStdout()).isFalse();
        assertThat(b.listeners()).extracting(Listener::name).containsExactly("ingress");
        assertThat(b.clusters()).extracting(Cluster::name).containsExactly("blue", "green-w", "green-r");
    }

    @Test
    void bindsListenerLimitsAndRoutes() throws Exception {
        Listener l = ConfigLoader.parse(FULL, "full.yaml").listeners().get(0);

        assertThat(l.address()).isEqualTo(new HostPort("::1", 19080));
        assertThat(l.address()).hasToString("[::1]:19080");
        assertThat(l.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(l.limits()).isEqualTo(new Limits(32 * 1024, 8192, 100L * 1024 * 1024));

        Route healthz = l.routes().get(0);
        assertThat(healthz.name()).isEqualTo("healthz");
        assertThat(healthz.cluster()).isEqualTo("blue");
        assertThat(healthz.match().pathExact()).isEqualTo("/healthz");
        assertThat(healthz.match().pathPrefix()).isNull();
        assertThat(healthz.match().methods()).containsExactlyInAnyOrder("GET", "HEAD");

        HeaderMatcher debug = healthz.match().headers().get(0);
        assertThat(debug.name()).isEqualTo("x-debug");
        assertThat(debug.exact()).isEqualTo("1");
        assertThat(debug.invert()).isTrue();
        assertThat(debug.present()).isNull();
        assertThat(healthz.match().headers().get(1).prefix()).isEqualTo("v2");
        assertThat(healthz.match().headers().get(1).invert()).isFalse();
        assertThat(healthz.match().headers().get(2).regex().pattern()).isEqualTo("[a-f0-9]{32}");
        assertThat(healthz.match().headers().get(2).regex().matcher("0123456789abcdef0123456789abcdef").matches()).isTrue();
        assertThat(healthz.match().headers().get(3).present()).isTrue();

        Route debugRoute = l.routes().get(1);
        assertThat(debugRoute.name()).isEqualTo("route-1");
        assertThat(debugRoute.match().pathRegex().matcher("/debug/pprof").matches()).isTrue();
        assertThat(debugRoute.match().methods()).isEmpty();
        assertThat(debugRoute.cluster()).isEqualTo("green-r");
    }

    @Test
    void bindsTenantRouting() throws Exception {
        TenantRouting t = ConfigLoader.parse(FULL, "full.yaml").listeners().get(0).tenantRouting();

        assertThat(t.header()).isEqualTo("X-Tenant");
        assertThat(t.tenants()).containsOnlyKeys("team-a", "team-b");
        assertThat(t.tenants().get("team-a")).isEqualTo(new TenantRoute("team-a", "blue", "blue"));
        assertThat(t.tenants().get("team-b")).isEqualTo(new TenantRoute("team-b", "green-w", "green-r"));
        assertThat(t.tenants().get("team-b").cluster(RequestKind.WRITE)).isEqualTo("green-w");
        assertThat(t.missingTenant()).isEqualTo(new TenantFallback(TenantFallback.Action.DEFAULT_CLUSTER, "blue"));
        assertThat(t.unknownTenant()).isEqualTo(new TenantFallback(TenantFallback.Action.DEFAULT_CLUSTER, "green-r"));
        assertThat(t.classify()).hasSize(2);
        assertThat(t.classify().get(0).methods()).containsExactlyInAnyOrder("POST", "PUT");
        assertThat(t.classify().get(0).pathPrefix()).isEqualTo("/ingest/");
        assertThat(t.classify().get(0).kind()).isEqualTo(RequestKind.WRITE);
        assertThat(t.classify().get(1).methods()).isEmpty();
        assertThat(t.classify().get(1).pathExact()).isEqualTo("/search");
        assertThat(t.classify().get(1).kind()).isEqualTo(RequestKind.READ);
        assertThat(t.defaultKind()).isEqualTo(RequestKind.WRITE);
    }

    @Test
    void bindsClusterAndEndpoints() throws Exception {
        Bootstrap b = ConfigLoader.parse(FULL, "full.yaml");
        Cluster blue = b.cluster("blue").orElseThrow();

        assertThat(blue.endpoints()).containsExactly(
                new Endpoint(new HostPort("127.0.0.1", 19091), 1, 0),
                new Endpoint(new HostPort("backend.local", 8080), 2, 1),
                new Endpoint(new HostPort("2001:db8::1", 9000), 1, 0));
        assertThat(blue.lbPolicy()).isEqualTo(LbPolicy.WEIGHTED_ROUND_ROBIN);
        assertThat(blue.protocol()).isEqualTo(UpstreamProtocol.HTTP2);
        assertThat(blue.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(blue.responseTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(blue.streamIdleTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(blue.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(blue.maxConnectionsPerWorker()).isEqualTo(64);
        assertThat(blue.maxRequestsPerConnection()).isEqualTo(1000);
        assertThat(blue.dnsRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.cluster("green-w").orElseThrow().lbPolicy()).isEqualTo(LbPolicy.LEAST_REQUEST);
        assertThat(b.cluster("green-r").orElseThrow().lbPolicy()).isEqualTo(LbPolicy.MAGLEV);
    }

    @Test
    void leavesOutOptionalFieldsAtTheirDefaults() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                listeners:
                  - name: ingress
                    address: 0.0.0.0:8080
                    tenant_routing:
                      tenants:
                        team-a: blue
                clusters:
                  - name: blue
                    endpoints: [blue.internal:9009]
                """, "minimal.yaml");

        assertThat(b.admin().address()).isEqualTo(new HostPort("127.0.0.1", 9901));
        assertThat(b.workers()).isZero();
        assertThat(b.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.accessLog().enabled()).isFalse();

        Listener l = b.listeners().get(0);
        assertThat(l.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(l.limits()).isEqualTo(new Limits(65536, 16384, 0));
        assertThat(l.routes()).isEmpty();

        TenantRouting t = l.tenantRouting();
        assertThat(t.header()).isEqualTo("X-Scope-OrgID");
        assertThat(t.missingTenant().action()).isEqualTo(TenantFallback.Action.REJECT);
        assertThat(t.unknownTenant().action()).isEqualTo(TenantFallback.Action.REJECT);
        assertThat(t.classify()).isEqualTo(Defaults.CLASSIFY_RULES);
        assertThat(t.defaultKind()).isEqualTo(RequestKind.READ);

        Cluster c = b.clusters().get(0);
        assertThat(c.lbPolicy()).isEqualTo(LbPolicy.ROUND_ROBIN);
        assertThat(c.protocol()).isEqualTo(UpstreamProtocol.HTTP1);
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.responseTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.streamIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.maxConnectionsPerWorker()).isEqualTo(1024);
        assertThat(c.maxRequestsPerConnection()).isZero();
        assertThat(c.dnsRefresh()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.endpoints()).containsExactly(new Endpoint(new HostPort("blue.internal", 9009), 1, 0));
    }

    @Test
    void routeWithoutMatchMatchesEverything() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                listeners:
                  - name: all-to-blue
                    address: 127.0.0.1:0
                    routes:
                      - cluster: blue
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """, "t");

        Route r = b.listeners().get(0).routes().get(0);
        assertThat(r.name()).isEqualTo("route-0");
        assertThat(r.match().pathExact()).isNull();
        assertThat(r.match().pathPrefix()).isNull();
        assertThat(r.match().pathRegex()).isNull();
        assertThat(r.match().methods()).isEmpty();
        assertThat(r.match().headers()).isEmpty();
        assertThat(b.listeners().get(0).tenantRouting()).isNull();
    }

    @Test
    void nullValuesMeanNotGiven() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                admin:
                access_log: ~
                drain_timeout: null
                listeners:
                  - name: l
                    address: 127.0.0.1:0
                    limits:
                    routes: [{cluster: c}]
                clusters:
                  - name: c
                    endpoints: [127.0.0.1:1]
                """, "t");

        assertThat(b.admin().address()).isEqualTo(Defaults.ADMIN_ADDRESS);
        assertThat(b.accessLog().enabled()).isFalse();
        assertThat(b.drainTimeout()).isEqualTo(Defaults.DRAIN_TIMEOUT);
        assertThat(b.listeners().get(0).limits()).isEqualTo(Limits.DEFAULT);
    }

    @Test
    void tenantIdsAreTakenAsWrittenEvenWhenYamlWouldReadThemAsNumbersOrBooleans() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                listeners:
                  - name: l
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        12345: blue
                        no: blue
                        007: blue
                        team.a: blue
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:1]
                """, "t");

        assertThat(b.listeners().get(0).tenantRouting().tenants())
                .containsOnlyKeys("12345", "no", "007", "team.a");
    }

    @Test
    void accessLogToStdout() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                access_log: {path: stdout}
                listeners: [{name: l, address: "127.0.0.1:0", routes: [{cluster: c}]}]
                clusters: [{name: c, endpoints: ["127.0.0.1:1"]}]
                """, "t");

        assertThat(b.accessLog().enabled()).isTrue();
        assertThat(b.accessLog().toStdout()).isTrue();
    }

    @Test
    void mergeKeysAndExtensionFieldsShareSettings() throws Exception {
        Bootstrap b = ConfigLoader.parse("""
                x-cluster-defaults: &defaults
                  lb_policy: random
                  connect_timeout: 2s
                listeners:
                  - name: l
                    address: 127.0.0.1:0
                    routes: [{cluster: b, match: {path_prefix: /b}}, {cluster: a}]
                clusters:
                  - <<: *defaults
                    name: a
                    endpoints: [127.0.0.1:1]
                  - <<: *defaults
                    name: b
                    connect_timeout: 3s
                    endpoints: [127.0.0.1:2]
                """, "t");

        assertThat(b.clusters()).extracting(Cluster::lbPolicy).containsExactly(LbPolicy.RANDOM, LbPolicy.RANDOM);
        assertThat(b.clusters()).extracting(Cluster::connectTimeout)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, "\uFEFF" + FULL);

        Bootstrap b = ConfigLoader.load(file);

        assertThat(b.listeners().get(0).name()).isEqualTo("ingress");
        assertThat(b.clusters()).hasSize(3);
    }
}
