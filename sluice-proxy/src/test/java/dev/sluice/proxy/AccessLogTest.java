package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.proxy.ProxyTestSupport.Reply;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.TestBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log: one JSON line per request, proxied or answered locally, with what happened. */
class AccessLogTest {

    @TempDir
    Path dir;

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void oneJsonLinePerRequest() throws Exception {
        Path log = dir.resolve("access.log");
        int down = TestBackend.unusedPort();
        OkHttpClient http1 = Clients.http1();
        OkHttpClient h2c = Clients.h2c();
        try (TestBackend blue = TestBackend.start("blue");
                SluiceServer server = SluiceServer.start(ProxyTestSupport.yaml("""
                        admin: {address: 127.0.0.1:0}
                        workers: 2
                        access_log: {path: '%s'}
                        listeners:
                          - name: ingress
                            address: 127.0.0.1:0
                            tenant_routing:
                              tenants: {team-a: blue, team-down: down}
                        clusters:
                          - {name: blue, endpoints: [127.0.0.1:%d]}
                          - {name: down, endpoints: [127.0.0.1:%d]}
                        """.formatted(log, blue.port(), down)))) {
            String base = "http://127.0.0.1:" + server.port("ingress");
            Reply push = call(http1, new Request.Builder().url(base + "/api/v1/push?batch=7")
                    .header("X-Scope-OrgID", "team-a").header("x-request-id", "req-push")
                    .post(RequestBody.create("hello".getBytes(StandardCharsets.UTF_8))).build());
            Reply query = call(h2c, new Request.Builder().url(base + "/api/v1/query")
                    .header("X-Scope-OrgID", "team-a").header("x-request-id", "req-query").build());
            Reply unknown = call(http1, new Request.Builder().url(base + "/x")
                    .header("X-Scope-OrgID", "nobody").header("x-request-id", "req-unknown").build());
            Reply refused = call(h2c, new Request.Builder().url(base + "/api/v1/push")
                    .header("X-Scope-OrgID", "team-down").header("x-request-id", "req-down")
                    .post(RequestBody.create(new byte[42])).build());
            assertThat(List.of(push.status(), query.status(), unknown.status(), refused.status()))
                    .containsExactly(200, 200, 404, 503);

            ProxyTestSupport.await("4 access log lines", WAIT, () -> lines(log).size() >= 4);
            List<String> lines = lines(log);
            assertThat(lines).hasSize(4);
            Map<String, JsonNode> byId = new HashMap<>();
            for (String line : lines) {
                JsonNode e = ProxyTestSupport.JSON.readTree(line);
                byId.put(e.get("request_id").asText(), e);
            }
            assertThat(byId).containsOnlyKeys("req-push", "req-query", "req-unknown", "req-down");

            JsonNode p = byId.get("req-push");
            assertEntry(p, "HTTP/1.1", "team-a", "blue", "127.0.0.1:" + blue.port(), "POST", "/api/v1/push", 200, null);
            assertThat(p.get("request_bytes").asLong()).isEqualTo(5);
            assertThat(p.get("response_bytes").asLong()).isEqualTo(push.body().length());
            assertThat(p.get("upstream_us").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(p.get("duration_us").asLong()).isGreaterThanOrEqualTo(p.get("upstream_us").asLong());

            JsonNode q = byId.get("req-query");
            assertEntry(q, "HTTP/2", "team-a", "blue", "127.0.0.1:" + blue.port(), "GET", "/api/v1/query", 200, null);
            assertThat(q.get("request_bytes").asLong()).isZero();
            assertThat(q.get("response_bytes").asLong()).isEqualTo(query.body().length());

            JsonNode u = byId.get("req-unknown");
            assertEntry(u, "HTTP/1.1", "nobody", null, null, "GET", "/x", 404, "unknown_tenant");
            assertThat(u.get("upstream_us").asLong()).isEqualTo(-1);

            JsonNode d = byId.get("req-down");
            assertEntry(d, "HTTP/2", "team-down", "down", "127.0.0.1:" + down, "POST", "/api/v1/push", 503,
                    "upstream_connect_failure");
            assertThat(d.get("upstream_us").asLong()).isEqualTo(-1);
        } finally {
            Clients.shutdown(http1);
            Clients.shutdown(h2c);
        }
    }

    private static void assertEntry(JsonNode e, String protocol, String tenant, String cluster, String endpoint,
            String method, String path, int status, String cause) {
        assertThat(Instant.parse(e.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(e.get("listener").asText()).isEqualTo("ingress");
        assertThat(e.get("protocol").asText()).isEqualTo(protocol);
        assertThat(e.get("client").asText()).contains("127.0.0.1");
        assertThat(text(e, "tenant")).as("tenant").isEqualTo(tenant);
        assertThat(text(e, "cluster")).as("cluster").isEqualTo(cluster);
        assertThat(text(e, "endpoint")).as("endpoint").isEqualTo(endpoint);
        assertThat(e.get("method").asText()).isEqualTo(method);
        assertThat(e.get("path").asText()).isEqualTo(path);
        assertThat(e.get("status").asInt()).isEqualTo(status);
        assertThat(text(e, "cause")).as("cause").isEqualTo(cause);
        assertThat(e.get("duration_us").asLong()).isGreaterThanOrEqualTo(0);
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        assertThat(v).as("field %s in %s", field, e).isNotNull();
        return v.isNull() ? null : v.asText();
    }
}
