package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.ProxyTestSupport.Reply;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.TestBackend;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP/2 upstream that refuses a stream (RST_STREAM REFUSED_STREAM) has not processed it: with
 * {@code refused_stream} in retry_on the request goes to another endpoint; without it the client
 * gets the typed 502.
 */
class RefusedStreamRetryTest {
    private TestBackend refusing;
    private TestBackend healthy;
    private SluiceServer server;
    private OkHttpClient http1;

    @BeforeEach
    void start() {
        refusing = TestBackend.start("refusing", Behavior.refuseStream());
        healthy = TestBackend.start("healthy", Behavior.standard());
        http1 = Clients.http1();
    }

    @AfterEach
    void stop() {
        Clients.shutdown(http1);
        if (server != null) {
            server.close();
        }
        refusing.close();
        healthy.close();
    }

    private void startWith(String retryOn) throws Exception {
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 1
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: c
                clusters:
                  - name: c
                    protocol: http2
                    endpoints: [127.0.0.1:%d, 127.0.0.1:%d]
                    retry_policy:
                      retry_on: [%s]
                      num_retries: 1
                """.formatted(refusing.port(), healthy.port(), retryOn)
                + (retryOn.equals("retriable_status_codes") ? "      retriable_status_codes: [418]\n" : "")));
    }

    private Reply get() {
        return call(http1, new Request.Builder().url("http://127.0.0.1:" + server.port("ingress") + "/q")
                .header("X-Scope-OrgID", "team-a").build());
    }

    @Test
    void refusedStreamIsRetriedOnTheOtherEndpoint() throws Exception {
        startWith("refused_stream");
        for (int i = 0; i < 10; i++) {
            Reply r = get();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("x-backend")).isEqualTo("healthy");
        }
        // Round robin sent about half the first tries to the refusing endpoint; each was retried.
        assertThat(refusing.requests()).isNotEmpty();
        assertThat(healthy.requests()).hasSize(10);
        String stats = ProxyTestSupport.admin(server, "/stats/prometheus").body();
        assertThat(stats).contains("sluice_upstream_retries_total{cluster=\"c\"} " + refusing.requests().size() + ".0");
    }

    @Test
    void withoutRefusedStreamInRetryOnTheClientGetsTheTyped502() throws Exception {
        startWith("retriable_status_codes");
        boolean sawRefusal = false;
        for (int i = 0; i < 4; i++) {
            Reply r = get();
            if (r.status() == 502) {
                sawRefusal = true;
                assertThat(r.header("x-sluice-cause")).isEqualTo("upstream_reset");
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
        assertThat(sawRefusal).isTrue();
        assertThat(healthy.requests().size() + refusing.requests().size()).isEqualTo(4);
    }
}
