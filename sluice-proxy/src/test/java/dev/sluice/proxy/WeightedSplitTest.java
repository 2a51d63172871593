package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.ProxyTestSupport.Reply;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.TestBackend;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Weighted splitting over clusters, per tenant and per generic route, and the forcing header. */
class WeightedSplitTest {
    private static TestBackend main, canary, other;
    private static SluiceServer server;
    private static OkHttpClient http1;

    @BeforeAll
    static void start() throws Exception {
        main = TestBackend.start("main");
        canary = TestBackend.start("canary");
        other = TestBackend.start("other");
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 2
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
                        team-a:
                          write:
                            weighted_clusters:
                              - {cluster: main, weight: 95}
                              - {cluster: canary, weight: 5}
                          read: other
                clusters:
                  - {name: main, endpoints: [127.0.0.1:%d]}
                  - {name: canary, endpoints: [127.0.0.1:%d]}
                  - {name: other, endpoints: [127.0.0.1:%d]}
                """.formatted(main.port(), canary.port(), other.port())));
        http1 = Clients.http1();
    }

    @AfterAll
    static void stop() {
        Clients.shutdown(http1);
        server.close();
        for (TestBackend b : List.of(main, canary, other)) {
            b.close();
        }
    }

    @BeforeEach
    void clear() {
        for (TestBackend b : List.of(main, canary, other)) {
            b.clear();
        }
    }

    private static Reply write(String forced) {
        Request.Builder rb = new Request.Builder().url("http://127.0.0.1:" + server.port("ingress") + "/api/v1/push")
                .header("X-Scope-OrgID", "team-a")
                .post(okhttp3.RequestBody.create(new byte[] {1, 2, 3}));
        if (forced != null) {
            rb.header("x-sluice-cluster", forced);
        }
        return call(http1, rb.build());
    }

    @Test
    void tenantWritesSplitFiveToNinetyFive() {
        int n = 2000;
        for (int i = 0; i < n; i++) {
            assertThat(write(null).status()).isEqualTo(200);
        }
        int toCanary = canary.requests().size();
        assertThat(main.requests().size() + toCanary).isEqualTo(n);
        // expected 100, standard deviation ~9.7: ±5 sigma, so sampling noise never fails a build
        assertThat(toCanary).isBetween(51, 149);
        assertThat(other.requests()).isEmpty();
        // reads of the same tenant are not split
        Reply read = call(http1, new Request.Builder().url("http://127.0.0.1:" + server.port("ingress") + "/q")
                .header("X-Scope-OrgID", "team-a").build());
        assertThat(read.body()).contains("backend=other");
    }

    @Test
    void theClusterHeaderForcesOneOfTheSplitsClusters() {
        for (int i = 0; i < 20; i++) {
            assertThat(write("canary").body()).contains("backend=canary");
        }
        assertThat(canary.requests()).hasSize(20);
        assertThat(main.requests()).isEmpty();
    }

    @Test
    void aClusterHeaderNamingAClusterOutsideTheSplitIsIgnored() {
        for (int i = 0; i < 40; i++) {
            assertThat(write("other").status()).isEqualTo(200);
        }
        assertThat(other.requests()).isEmpty();
        assertThat(main.requests().size() + canary.requests().size()).isEqualTo(40);
    }

    @Test
    void genericRoutesSplitToo() {
        for (int i = 0; i < 200; i++) {
            assertThat(call(http1, new Request.Builder()
                    .url("http://127.0.0.1:" + server.port("ingress") + "/generic/" + i).build()).status()).isEqualTo(200);
        }
        assertThat(main.requests().size()).isBetween(60, 140);
        assertThat(canary.requests().size()).isEqualTo(200 - main.requests().size());
    }
}
