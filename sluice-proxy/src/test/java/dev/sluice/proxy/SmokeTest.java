package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.TenantFallback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
    /** A throwaway JDK HTTP server that echoes name, method, path and body. */
    static final class JdkBackend implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;

        JdkBackend(String name) throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                byte[] out = (name + ":" + ex.getRequestMethod() + ":" + ex.getRequestURI().getPath() + ":"
                        + new String(body)).getBytes();
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
                ex.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void proxiesToBackend() throws Exception {
        try (var backend = new JdkBackend("blue")) {
            var cfg = TestConfigs.bootstrap(
                    List.of(TestConfigs.listener("ingress", List.of(),
                            TestConfigs.tenants(Map.of("team-a", new String[] {"blue", "blue"}),
                                    TenantFallback.REJECT, TenantFallback.REJECT))),
                    List.of(TestConfigs.cluster("blue", backend.port())));
            try (SluiceServer s = SluiceServer.start(cfg)) {
                HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> r = c.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + s.port("ingress") + "/api/v1/push"))
                            .header("X-Scope-OrgID", "team-a")
                            .POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).isEqualTo("blue:POST:/api/v1/push:hello");
                }
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + s.port("ingress") + "/x"))
                        .header("X-Scope-OrgID", "nope").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(r.headers().firstValue("x-sluice-cause")).hasValue("unknown_tenant");
            }
        }
    }
}
