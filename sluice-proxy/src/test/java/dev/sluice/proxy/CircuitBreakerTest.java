package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.ProxyTestSupport.Reply;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Circuit breakers refuse at once, with a typed 503 that names the breaker, and count it. */
class CircuitBreakerTest {
    private static TestBackend slow;
    private static SluiceServer server;
    private static OkHttpClient http1;

    @BeforeAll
    static void start() throws Exception {
        slow = TestBackend.start("slow", Behavior.delay(Duration.ofMillis(1500)));
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 2
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: slow
                        team-p: pending
                clusters:
                  - name: slow
                    endpoints: [127.0.0.1:%d]
                    circuit_breakers: {max_requests: 2}
                  - name: pending
                    endpoints: [127.0.0.1:%d]
                    circuit_breakers: {max_pending_requests: 0}
                """.formatted(slow.port(), slow.port())));
        http1 = Clients.http1();
    }

    @AfterAll
    static void stop() {
        Clients.shutdown(http1);
        server.close();
        slow.close();
    }

    private static Reply get(String tenant) {
        return call(http1, new Request.Builder().url("http://127.0.0.1:" + server.port("ingress") + "/q")
                .header("X-Scope-OrgID", tenant).build());
    }

    @Test
    void maxRequestsOverflowIsATyped503AtOnce() throws Exception {
        List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
        // Own threads: the common pool may have a single thread on a small machine.
        ExecutorService clients = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++) {
            inFlight.add(CompletableFuture.supplyAsync(() -> get("team-a"), clients));
        }
        slow.awaitRequests(2, WAIT);
        long t0 = System.nanoTime();
        Reply third = get("team-a");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        LocalRepliesTest.assertLocalReply(third, 503, "circuit_breaker_open", "team-a", "slow");
        assertThat(third.json().get("message").asText()).contains("max_requests");
        assertThat(millis).as("refused without waiting for the slow backend").isLessThan(700);
        for (CompletableFuture<Reply> f : inFlight) {
            assertThat(f.get().status()).isEqualTo(200);
        }
        clients.shutdown();
        assertThat(slow.requests()).hasSize(2);
        // Once the two finished, the breaker closes again.
        assertThat(get("team-a").status()).isEqualTo(200);
        String stats = ProxyTestSupport.admin(server, "/stats/prometheus").body();
        assertThat(stats).contains("sluice_circuit_breaker_overflow_total{breaker=\"max_requests\",cluster=\"slow\"} 1.0");
    }

    @Test
    void maxPendingRequestsZeroRefusesARequestThatWouldWaitForAConnection() {
        Reply r = get("team-p");
        LocalRepliesTest.assertLocalReply(r, 503, "circuit_breaker_open", "team-p", "pending");
        assertThat(r.json().get("message").asText()).contains("max_pending_requests");
    }
}
