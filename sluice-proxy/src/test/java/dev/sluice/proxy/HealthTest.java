package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.admin;
import static dev.sluice.proxy.ProxyTestSupport.await;
import static dev.sluice.proxy.ProxyTestSupport.call;
import static dev.sluice.proxy.ProxyTestSupport.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.TestBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream health end to end against fault-injecting backends: active checks take a failing
 * endpoint out and bring it back, outlier detection ejects and returns an endpoint, the panic
 * threshold spreads traffic over all endpoints, and priority failover moves traffic to the
 * standby level and back. Intervals are tens of milliseconds; every wait is a bounded poll.
 */
class HealthTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static OkHttpClient client;

    private final List<TestBackend> backends = new ArrayList<>();
    private SluiceServer sluice;

    @BeforeAll
    static void client() {
        client = Clients.http1();
    }

    @AfterAll
    static void stopClient() {
        Clients.shutdown(client);
    }

    @AfterEach
    void stop() {
        if (sluice != null) {
            sluice.close();
        }
        backends.forEach(TestBackend::close);
    }

    private TestBackend backend(String name) {
        TestBackend b = TestBackend.start(name);
        backends.add(b);
        return b;
    }

    /** One listener routing everything to cluster c with the given endpoints and extra cluster fields. */
    private void start(String endpoints, String clusterFields) throws Exception {
        sluice = SluiceServer.start(config(endpoints, clusterFields, "r"));
    }

    private static dev.sluice.config.model.Bootstrap config(String endpoints, String clusterFields, String route) {
        return yaml("""
                workers: 2
                admin: {address: 127.0.0.1:0}
                listeners:
                  - name: in
                    address: 127.0.0.1:0
                    routes: [{name: %s, cluster: c}]
                clusters:
                  - name: c
                    endpoints: %s
                %s
                """.formatted(route, endpoints, clusterFields.indent(4)));
    }

    private static String ep(TestBackend b, int priority) {
        return "{address: 127.0.0.1:" + b.port() + ", priority: " + priority + "}";
    }

    /** Sends one request; the name of the backend that answered. */
    private String send() {
        ProxyTestSupport.Reply r = call(client, new Request.Builder()
                .url("http://127.0.0.1:" + sluice.port("in") + "/x").build());
        String body = r.body();
        return body.startsWith("backend=") ? body.substring(8, body.indexOf(' ', 8)).trim() : "local-" + r.status();
    }

    private Map<String, Integer> sendMany(int n) {
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < n; i++) {
            served.merge(send(), 1, Integer::sum);
        }
        return served;
    }

    private JsonNode endpoint(TestBackend b) {
        try {
            JsonNode c = ProxyTestSupport.JSON.readTree(admin(sluice, "/clusters").body()).get("clusters").get(0);
            for (JsonNode e : c.get("endpoints")) {
                if (e.get("address").asText().equals("127.0.0.1:" + b.port())) {
                    return e;
                }
            }
            throw new AssertionError("no endpoint for " + b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String health(TestBackend b) {
        return endpoint(b).get("health").asText();
    }

    private JsonNode cluster() {
        try {
            return ProxyTestSupport.JSON.readTree(admin(sluice, "/clusters").body()).get("clusters").get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String prometheus() {
        return admin(sluice, "/stats/prometheus").body();
    }

    @Test
    void healthChecksRemoveAnEndpointAnswering503AndRestoreIt() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        start("[127.0.0.1:%d, 127.0.0.1:%d]".formatted(a.port(), b.port()), """
                health_check: {path: /, interval: 50ms, interval_jitter: 10ms, timeout: 500ms,
                               healthy_threshold: 2, unhealthy_threshold: 2}
                """);
        await("first checks", WAIT, () -> a.requests().size() >= 2);
        assertThat(a.requests().get(0).path()).isEqualTo("/");
        assertThat(a.requests().get(0).header("user-agent")).isEqualTo("sluice-health-check");

        a.behavior(Behavior.status(503));
        await("a unhealthy", WAIT, () -> health(a).equals("unhealthy"));
        assertThat(sendMany(10)).containsOnlyKeys("b");
        assertThat(prometheus()).contains("sluice_upstream_health_transitions_total{cluster=\"c\",endpoint=\"127.0.0.1:"
                + a.port() + "\",to=\"unhealthy\"} 1");

        a.behavior(Behavior.standard());
        await("a healthy again", WAIT, () -> health(a).equals("healthy"));
        assertThat(sendMany(10)).containsKeys("a", "b");
    }

    @Test
    void checksFollowTheClusterRuntimeAcrossReloads() throws Exception {
        TestBackend a = backend("a");
        String endpoints = "[127.0.0.1:%d]".formatted(a.port());
        start(endpoints, "health_check: {interval: 50ms}\n");
        await("checks running", WAIT, () -> checks(a) >= 2);

        // An unchanged cluster keeps its runtime across a reload, and so its checks.
        sluice.apply(config(endpoints, "health_check: {interval: 50ms}\n", "timeout-route"));
        long before = checks(a);
        await("checks still running", WAIT, () -> checks(a) >= before + 2);

        // A changed cluster (checks removed) gets a new runtime; the retired one stops checking.
        sluice.apply(config(endpoints, "", "x"));
        Thread.sleep(150); // lets a check already on the wire land
        long after = checks(a);
        Thread.sleep(300);
        assertThat(checks(a)).as("health checks after the reload").isEqualTo(after);
        assertThat(sendMany(3)).containsOnlyKeys("a");
    }

    private static long checks(TestBackend b) {
        return b.requests().stream().filter(r -> "sluice-health-check".equals(r.header("user-agent"))).count();
    }

    @Test
    void tcpChecksRemoveAnEndpointThatStopsAccepting() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        start("[127.0.0.1:%d, 127.0.0.1:%d]".formatted(a.port(), b.port()), """
                health_check: {type: tcp, interval: 50ms, timeout: 300ms, unhealthy_threshold: 1}
                """);
        a.stopAccepting();
        await("a unhealthy", WAIT, () -> health(a).equals("unhealthy"));
        assertThat(health(b)).isEqualTo("healthy");
        assertThat(sendMany(6)).containsOnlyKeys("b");
    }

    @Test
    void anEjectedEndpointReturnsAfterItsEjectionTime() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        a.behavior(Behavior.status(503));
        start("[127.0.0.1:%d, 127.0.0.1:%d]".formatted(a.port(), b.port()), """
                outlier_detection: {consecutive_5xx: 3, interval: 50ms, base_ejection_time: 700ms,
                                    max_ejection_percent: 50%}
                """);
        await("a ejected", WAIT, () -> {
            send();
            return health(a).equals("ejected");
        });
        Instant ejectedAt = Instant.now();
        Instant until = Instant.parse(endpoint(a).get("ejected_until").asText());
        assertThat(until).isBetween(ejectedAt, ejectedAt.plusMillis(800));
        assertThat(sendMany(10)).containsOnlyKeys("b");
        assertThat(prometheus()).contains("sluice_outlier_ejections_total{cluster=\"c\",endpoint=\"127.0.0.1:"
                + a.port() + "\",reason=\"consecutive_5xx\"} 1");

        a.behavior(Behavior.standard());
        await("a back in rotation", WAIT, () -> health(a).equals("healthy"));
        assertThat(Instant.now()).isAfterOrEqualTo(until);
        assertThat(endpoint(a).get("ejected_until").isNull()).isTrue();
        assertThat(sendMany(10)).containsKeys("a", "b");
    }

    @Test
    void belowThePanicThresholdTrafficGoesToEveryEndpoint() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TestBackend c = backend("c");
        a.behavior(Behavior.status(503));
        c.behavior(Behavior.status(503));
        start("[127.0.0.1:%d, 127.0.0.1:%d, 127.0.0.1:%d]".formatted(a.port(), b.port(), c.port()), """
                outlier_detection: {consecutive_5xx: 2, interval: 50ms, base_ejection_time: 30s,
                                    max_ejection_percent: 100%}
                panic_threshold: 50%
                """);
        // One ejection leaves 2 of 3 (93% with the 1.4 factor): no panic, traffic avoids a or c.
        await("a and c ejected", WAIT, () -> {
            send();
            return health(a).equals("ejected") && health(c).equals("ejected");
        });
        // 1 of 3 left is 46% < 50%: the cluster panics and spreads over all three.
        assertThat(cluster().get("panic").asBoolean()).isTrue();
        assertThat(prometheus()).contains("sluice_cluster_panic{cluster=\"c\"} 1")
                .contains("sluice_cluster_hosts{cluster=\"c\",state=\"ejected\"} 2");
        assertThat(sendMany(30)).containsKeys("a", "b", "c");
    }

    @Test
    void priorityFailoverMovesTrafficToTheStandbyAndBack() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TestBackend standby = backend("standby");
        start("[%s, %s, %s]".formatted(ep(a, 0), ep(b, 0), ep(standby, 1)), """
                health_check: {interval: 50ms, timeout: 500ms, healthy_threshold: 1, unhealthy_threshold: 1}
                panic_threshold: 0
                """);
        assertThat(sendMany(10)).doesNotContainKey("standby");

        a.behavior(Behavior.status(503));
        b.behavior(Behavior.status(503));
        await("priority 0 down", WAIT, () -> health(a).equals("unhealthy") && health(b).equals("unhealthy"));
        assertThat(sendMany(10)).containsOnlyKeys("standby");

        // Half of priority 0 back: 50% * 1.4 = 70% of the traffic stays, 30% spills over.
        b.behavior(Behavior.standard());
        await("b back", WAIT, () -> health(b).equals("healthy"));
        assertThat(cluster().get("priority_levels").get(0).get("load_percent").asInt()).isEqualTo(70);
        Map<String, Integer> split = sendMany(200);
        assertThat(split).containsOnlyKeys("b", "standby");
        assertThat(split.get("standby")).isBetween(30, 90);

        a.behavior(Behavior.standard());
        await("a back", WAIT, () -> health(a).equals("healthy"));
        assertThat(sendMany(10)).doesNotContainKey("standby");
    }
}
