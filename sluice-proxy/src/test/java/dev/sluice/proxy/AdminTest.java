package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static dev.sluice.proxy.ProxyTestSupport.admin;
import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.TestBackend;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin listener: /ready, /stats/prometheus after real traffic, /config_dump, /clusters. */
class AdminTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static TestBackend blue, green;
    private static SluiceServer server;
    private static OkHttpClient http1, h2c;

    @BeforeAll
    static void start() throws Exception {
        blue = TestBackend.start("blue");
        green = TestBackend.start("green");
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 2
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: blue
                        team-b: {write: green, read: blue}
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:%d]
                  - name: green
                    endpoints: [{address: 127.0.0.1:%d, weight: 3, priority: 0}]
                    protocol: http2
                    response_timeout: 2s
                """.formatted(blue.port(), green.port())));
        http1 = Clients.http1();
        h2c = Clients.h2c();
    }

    @AfterAll
    static void stop() {
        Clients.shutdown(http1);
        Clients.shutdown(h2c);
        server.close();
        blue.close();
        green.close();
    }

    private static int send(OkHttpClient client, String method, String path, String tenant) {
        Request.Builder rb = new Request.Builder().url("http://127.0.0.1:" + server.port("ingress") + path)
                .method(method, method.equals("POST") ? RequestBody.create(new byte[100]) : null);
        if (tenant != null) {
            rb.header("X-Scope-OrgID", tenant);
        }
        return call(client, rb.build()).status();
    }

    /** Sum of the samples of {@code name} whose labels include all of {@code labels}. */
    static double metric(String exposition, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> got = new java.util.HashMap<>();
            Matcher l = LABEL.matcher(m.group(3) == null ? "" : m.group(3));
            while (l.find()) {
                got.put(l.group(1), l.group(2));
            }
            if (got.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }

    /** Waits until the metric grew by {@code delta} since the {@code before} exposition. */
    private static void awaitMetric(String before, String name, Map<String, String> labels, double delta) {
        double expected = metric(before, name, labels) + delta;
        ProxyTestSupport.await(name + labels + " = " + expected, WAIT,
                () -> metric(admin(server, "/stats/prometheus").body(), name, labels) == expected);
    }

    @Test
    void readyAndUnknownPaths() {
        HttpResponse<String> ready = admin(server, "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
        assertThat(admin(server, "/no-such-thing").statusCode()).isEqualTo(404);
    }

    @Test
    void prometheusCountsRequestsAndLocalReplies() {
        // Other tests share the server: assert on what this test's traffic added.
        String before = admin(server, "/stats/prometheus").body();
        for (int i = 0; i < 3; i++) {
            assertThat(send(http1, "POST", "/api/v1/push", "team-a")).isEqualTo(200);
        }
        assertThat(send(h2c, "POST", "/api/v1/push", "team-b")).isEqualTo(200);
        assertThat(send(h2c, "GET", "/api/v1/query", "team-b")).isEqualTo(200);
        assertThat(send(http1, "GET", "/x", "nobody")).isEqualTo(404);
        assertThat(send(h2c, "GET", "/x", "nobody")).isEqualTo(404);
        assertThat(send(http1, "GET", "/x", null)).isEqualTo(400);

        awaitMetric(before, "sluice_requests_total",
                Map.of("listener", "ingress", "cluster", "blue", "tenant", "team-a", "class", "2xx"), 3);
        awaitMetric(before, "sluice_requests_total", Map.of("cluster", "green", "tenant", "team-b", "class", "2xx"), 1);
        awaitMetric(before, "sluice_requests_total", Map.of("cluster", "blue", "tenant", "team-b", "class", "2xx"), 1);
        // Unknown tenants share one label value, so hostile headers cannot explode the series.
        awaitMetric(before, "sluice_requests_total", Map.of("tenant", "_unknown", "class", "4xx"), 2);
        awaitMetric(before, "sluice_requests_total", Map.of("tenant", "_missing", "class", "4xx"), 1);
        awaitMetric(before, "sluice_local_replies_total", Map.of("listener", "ingress", "cause", "unknown_tenant"), 2);
        awaitMetric(before, "sluice_local_replies_total", Map.of("listener", "ingress", "cause", "missing_tenant"), 1);

        String text = admin(server, "/stats/prometheus").body();
        assertThat(text).doesNotContain("tenant=\"nobody\"");
        for (var delta : Map.of("sluice_request_bytes_total", Map.entry(Map.of("tenant", "team-a"), 300.0),
                "sluice_upstream_requests_total", Map.entry(Map.of("cluster", "blue"), 4.0),
                "sluice_request_duration_seconds_count", Map.entry(Map.of("cluster", "blue"), 4.0)).entrySet()) {
            Map<String, String> labels = delta.getValue().getKey();
            assertThat(metric(text, delta.getKey(), labels) - metric(before, delta.getKey(), labels))
                    .as(delta.getKey() + labels).isEqualTo(delta.getValue().getValue());
        }
        assertThat(text).contains("# TYPE sluice_requests_total counter");
    }

    @Test
    void configDumpIsTheActiveConfigAsJson() {
        HttpResponse<String> r = admin(server, "/config_dump");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode dump = json(r.body());
        assertThat(dump.get("listeners")).hasSize(1);
        JsonNode listener = dump.get("listeners").get(0);
        assertThat(listener.get("name").asText()).isEqualTo("ingress");
        JsonNode tenants = listener.get("tenant_routing").get("tenants");
        assertThat(tenants.get("team-b").get("write_cluster").asText()).isEqualTo("green");
        assertThat(tenants.get("team-b").get("read_cluster").asText()).isEqualTo("blue");
        List<String> clusters = new ArrayList<>();
        dump.get("clusters").forEach(c -> clusters.add(c.get("name").asText()));
        assertThat(clusters).containsExactly("blue", "green");
        JsonNode green = dump.get("clusters").get(1);
        assertThat(green.get("protocol").asText()).isEqualToIgnoringCase("http2");
        assertThat(green.get("response_timeout").asText()).isEqualTo("2000ms");
    }

    @Test
    void clustersListsEndpointsWithTheirState() {
        assertThat(send(http1, "GET", "/api/v1/labels", "team-a")).isEqualTo(200);
        // The client can read the response before the worker has finished its bookkeeping.
        ProxyTestSupport.await("the request no longer active", WAIT, () -> json(admin(server, "/clusters").body())
                .get("clusters").get(0).get("endpoints").get(0).get("active_requests").asInt() == 0);
        HttpResponse<String> r = admin(server, "/clusters");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode clusters = json(r.body()).get("clusters");
        assertThat(clusters).hasSize(2);
        JsonNode blueJson = clusters.get(0);
        assertThat(blueJson.get("name").asText()).isEqualTo("blue");
        assertThat(blueJson.get("protocol").asText()).isEqualTo("http1");
        assertThat(blueJson.get("lb_policy").asText()).isEqualTo("round_robin");
        JsonNode ep = blueJson.get("endpoints").get(0);
        assertThat(ep.get("address").asText()).isEqualTo("127.0.0.1:" + blue.port());
        assertThat(ep.get("weight").asInt()).isEqualTo(1);
        assertThat(ep.get("priority").asInt()).isZero();
        assertThat(ep.get("health").asText()).isEqualTo("healthy");
        assertThat(ep.get("active_requests").asInt()).isZero();
        assertThat(ep.get("requests_total").asLong()).isGreaterThanOrEqualTo(1);
        // The keep-alive connection of the request above is still pooled.
        assertThat(ep.get("connections").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode greenEp = clusters.get(1).get("endpoints").get(0);
        assertThat(greenEp.get("address").asText()).isEqualTo("127.0.0.1:" + green.port());
        assertThat(greenEp.get("weight").asInt()).isEqualTo(3);
    }

    private static JsonNode json(String body) {
        try {
            return ProxyTestSupport.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
