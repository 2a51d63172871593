package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.ProxyTestSupport.Reply;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries: around a dying endpoint, within a budget, with a bounded replay copy, per try. */
class RetryTest {
    private final List<TestBackend> backends = new ArrayList<>();
    private SluiceServer server;
    private OkHttpClient http1;

    @BeforeEach
    void client() {
        http1 = Clients.http1();
    }

    @AfterEach
    void stop() {
        Clients.shutdown(http1);
        if (server != null) {
            server.close();
        }
        backends.forEach(TestBackend::close);
    }

    private TestBackend backend(String name, Behavior behavior) {
        TestBackend b = TestBackend.start(name, behavior);
        backends.add(b);
        return b;
    }

    private void start(String clusterYaml) throws Exception {
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 2
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: c
                clusters:
                """ + clusterYaml.indent(2)));
    }

    private Request.Builder request(String path) {
        return new Request.Builder().url("http://127.0.0.1:" + server.port("ingress") + path)
                .header("X-Scope-OrgID", "team-a");
    }

    private double metric(String name) {
        String stats = ProxyTestSupport.admin(server, "/stats/prometheus").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{cluster=\"c\"} (\\S+)$").matcher(stats);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * {@code close}: the endpoint dies (stops accepting, drops its connections); {@code drop}: it
     * keeps accepting but drops every connection it has, again and again, mid-request for some.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"close", "drop"})
    void killingOneOfThreeEndpointsUnderLoadLosesNoRequest(String how) throws Exception {
        TestBackend a = backend("a", Behavior.standard());
        TestBackend b = backend("b", Behavior.standard());
        TestBackend c = backend("c", Behavior.standard());
        start("""
                - name: c
                  endpoints: [127.0.0.1:%d, 127.0.0.1:%d, 127.0.0.1:%d]
                  connect_timeout: 250ms
                  retry_policy:
                    retry_on: [connect_failure, reset, 5xx]
                    num_retries: 3
                """.formatted(a.port(), b.port(), c.port()));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        int threads = 6;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; running.get(); i++) {
                        try {
                            Reply r = call(http1, request("/load/" + id + "/" + i).build());
                            if (r.status() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.merge(r.status() + " " + r.body(), 1, Integer::sum);
                            }
                        } catch (RuntimeException e) {
                            failures.merge(e.toString(), 1, Integer::sum);
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(700);
        int before = b.requests().size();
        if (how.equals("close")) {
            b.close(); // stops accepting and drops every open connection, mid-request for some
            Thread.sleep(1300);
        } else {
            for (int i = 0; i < 13; i++) {
                b.dropConnections();
                Thread.sleep(100);
            }
        }
        running.set(false);
        done.await();
        assertThat(before).as("b took traffic before it died").isPositive();
        assertThat(failures).as("requests that failed").isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(metric("sluice_upstream_retries_total")).isPositive();
    }

    @Test
    void budgetBoundsTheLoadOnABackendThatFailsEverything() throws Exception {
        TestBackend bad = backend("bad", Behavior.delay(Duration.ofMillis(20), Behavior.status(503)));
        start("""
                - name: c
                  endpoints: [127.0.0.1:%d]
                  retry_policy:
                    retry_on: [5xx]
                    num_retries: 3
                    budget: {budget_percent: 20, min_retry_concurrency: 3}
                """.formatted(bad.port()));
        // 40 clients keep ~40 requests active, so the budget (8 retries in flight) is above its floor.
        int threads = 40;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger offered = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        // Warm-up first (connections, JIT): on a small machine the first requests take a second.
        // The barrier's action runs before any thread goes on: the count starts from a clean slate.
        double[] retriesBefore = new double[1];
        CyclicBarrier warm = new CyclicBarrier(threads + 1, () -> {
            bad.clear();
            retriesBefore[0] = metric("sluice_upstream_retries_total");
        });
        OkHttpClient many = http1.newBuilder()
                .connectionPool(new okhttp3.ConnectionPool(threads, 1, java.util.concurrent.TimeUnit.MINUTES)).build();
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                try {
                    call(many, request("/warm").build());
                    warm.await();
                    while (running.get()) {
                        Reply r = call(many, request("/fail").build());
                        assertThat(r.status()).isEqualTo(503);
                        offered.incrementAndGet();
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    throw new AssertionError(e);
                } finally {
                    done.countDown();
                }
            });
        }
        warm.await();
        Thread.sleep(1500);
        running.set(false);
        done.await();
        int seen = bad.requests().size();
        int n = offered.get();
        assertThat(n).isGreaterThan(200);
        // Without the budget every request would be tried 4 times.
        assertThat((double) seen / n).as("amplification (%d tries for %d requests)", seen, n)
                .isGreaterThan(1.0).isLessThanOrEqualTo(1.25);
        assertThat(metric("sluice_retry_budget_exhausted_total")).isPositive();
        assertThat(metric("sluice_upstream_retries_total") - retriesBefore[0]).isEqualTo(seen - n);
    }

    @ParameterizedTest(name = "upstream {0}")
    @ValueSource(strings = {"http1", "http2"})
    void aBodyWithinTheReplayBoundIsReplayedAndOneBeyondIsNotRetried(String protocol) throws Exception {
        TestBackend bad = backend("bad", Behavior.status(503));
        TestBackend good = backend("good", Behavior.echo());
        start("""
                - name: c
                  endpoints: [127.0.0.1:%d, 127.0.0.1:%d]
                  protocol: %s
                  retry_policy:
                    retry_on: [5xx]
                    num_retries: 1
                    max_replay_bytes: 4KiB
                """.formatted(bad.port(), good.port(), protocol));
        // Round robin over two endpoints: every other request tries bad first.
        for (int i = 0; i < 6; i++) {
            RequestBody body = i % 2 == 0 ? Clients.patternBody(3000) : Clients.chunkedPatternBody(4000);
            Reply r = call(http1, request("/api/v1/push").post(body).build());
            assertThat(r.status()).as("request %d", i).isEqualTo(200);
            assertThat(r.body().length()).isEqualTo(i % 2 == 0 ? 3000 : 4000);
        }
        assertThat(bad.requests()).hasSizeGreaterThanOrEqualTo(3);
        // A backend records a request once it ended, which may be just after the echo completed.
        good.awaitRequests(6, ProxyTestSupport.WAIT);
        assertThat(good.requests()).hasSize(6).allSatisfy(q -> assertThat(q.bodyLength()).isIn(3000L, 4000L));
        double retries = metric("sluice_upstream_retries_total");
        assertThat(retries).isEqualTo(bad.requests().size());

        bad.clear();
        good.clear();
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            Reply r = call(http1, request("/api/v1/push").post(Clients.patternBody(5000)).build());
            if (r.status() == 503) {
                refused++;
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
        assertThat(refused).as("requests that hit bad first and were not retried").isPositive();
        ProxyTestSupport.await("6 requests recorded", ProxyTestSupport.WAIT,
                () -> bad.requests().size() + good.requests().size() >= 6);
        assertThat(bad.requests().size() + good.requests().size()).as("one try each").isEqualTo(6);
        assertThat(metric("sluice_upstream_retries_total")).isEqualTo(retries);
    }

    @Test
    void perTryTimeoutMovesTheRequestToAHealthyEndpoint() throws Exception {
        TestBackend stuck = backend("stuck", Behavior.delay(Duration.ofSeconds(3)));
        TestBackend good = backend("good", Behavior.standard());
        start("""
                - name: c
                  endpoints: [127.0.0.1:%d, 127.0.0.1:%d]
                  response_timeout: 5s
                  retry_policy:
                    retry_on: [reset]
                    num_retries: 1
                    per_try_timeout: 200ms
                """.formatted(stuck.port(), good.port()));
        for (int i = 0; i < 4; i++) {
            long t0 = System.nanoTime();
            Reply r = call(http1, request("/q/" + i).build());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.status()).isEqualTo(200);
            assertThat(millis).isLessThan(1500);
        }
        assertThat(stuck.requests().size() + good.requests().size()).isGreaterThanOrEqualTo(4);
        assertThat(good.requests()).hasSize(4);
        assertThat(metric("sluice_upstream_retries_total")).isPositive();
    }

    @Test
    void withoutRetriesAFailureReachesTheClient() throws Exception {
        TestBackend bad = backend("bad", Behavior.status(503));
        start("""
                - name: c
                  endpoints: [127.0.0.1:%d]
                """.formatted(bad.port()));
        assertThat(call(http1, request("/q").build()).status()).isEqualTo(503);
        assertThat(bad.requests()).hasSize(1);
    }
}
