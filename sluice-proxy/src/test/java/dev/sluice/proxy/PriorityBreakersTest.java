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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-priority circuit breakers: a tenant routed with {@code priority: high} counts against the
 * cluster's high_priority limits, so default traffic that has used up its own limits does not
 * lock it out, and it has a bound of its own.
 */
class PriorityBreakersTest {
    private TestBackend slow;
    private SluiceServer server;
    private OkHttpClient http1;
    private ExecutorService clients;

    @BeforeEach
    void start() throws Exception {
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
                        team-vip: {write: slow, read: slow, priority: high}
                clusters:
                  - name: slow
                    endpoints: [127.0.0.1:%d]
                    circuit_breakers:
                      max_requests: 1
                      high_priority: {max_requests: 2}
                """.formatted(slow.port())));
        http1 = Clients.http1();
        clients = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        Clients.shutdown(http1);
        server.close();
        slow.close();
    }

    private Reply get(String tenant) {
        return call(http1, new Request.Builder().url("http://127.0.0.1:" + server.port("ingress") + "/q")
                .header("X-Scope-OrgID", tenant).build());
    }

    @Test
    void highPriorityTrafficHasLimitsOfItsOwn() throws Exception {
        List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
        inFlight.add(CompletableFuture.supplyAsync(() -> get("team-a"), clients));
        slow.awaitRequests(1, WAIT);
        // The default limit (1) is used up: more default traffic is refused...
        LocalRepliesTest.assertLocalReply(get("team-a"), 503, "circuit_breaker_open", "team-a", "slow");
        // ...but the high-priority tenant still gets its own two.
        inFlight.add(CompletableFuture.supplyAsync(() -> get("team-vip"), clients));
        inFlight.add(CompletableFuture.supplyAsync(() -> get("team-vip"), clients));
        slow.awaitRequests(3, WAIT);
        Reply third = get("team-vip");
        LocalRepliesTest.assertLocalReply(third, 503, "circuit_breaker_open", "team-vip", "slow");
        assertThat(third.json().get("message").asText()).contains("max_requests");
        for (CompletableFuture<Reply> f : inFlight) {
            assertThat(f.get().status()).isEqualTo(200);
        }
        assertThat(slow.requests()).hasSize(3);
        String stats = ProxyTestSupport.admin(server, "/stats/prometheus").body();
        assertThat(stats)
                .contains("sluice_circuit_breaker_overflow_total{breaker=\"max_requests\",cluster=\"slow\"} 1.0")
                .contains("sluice_circuit_breaker_overflow_total{breaker=\"high_priority.max_requests\",cluster=\"slow\"} 1.0");
    }
}
