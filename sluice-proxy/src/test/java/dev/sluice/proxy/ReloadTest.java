package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.model.Bootstrap;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.TestBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hot reload: under continuous HTTP/1.1 and h2c load, 20 reloads move a tenant between two
 * clusters and replace a third cluster (an h2c upstream, so its pools are retired while streams
 * are in flight) without one failed request; a bad config is rejected whole and the running one
 * keeps serving; listeners come and go; unchanged clusters keep their warm connections.
 */
class ReloadTest {

    private static TestBackend blue;
    private static TestBackend green;
    private static TestBackend other;
    private static OkHttpClient client;

    private SluiceServer sluice;

    @BeforeAll
    static void backends() {
        blue = TestBackend.start("blue");
        green = TestBackend.start("green");
        other = TestBackend.start("other");
        client = Clients.http1();
    }

    @AfterAll
    static void stopBackends() {
        Clients.shutdown(client);
        blue.close();
        green.close();
        other.close();
    }

    @BeforeEach
    void start() throws Exception {
        sluice = SluiceServer.start(config("blue", 5, false));
    }

    @AfterEach
    void stop() {
        sluice.close();
    }

    /**
     * team-a goes to {@code teamACluster}; team-b to cluster "other" (h2c upstream) whose
     * response timeout is {@code otherTimeoutSeconds}, so changing it replaces that cluster.
     */
    private static Bootstrap config(String teamACluster, int otherTimeoutSeconds, boolean extraListener) {
        String extra = extraListener ? """
                  - name: extra
                    address: 127.0.0.1:0
                    routes:
                      - cluster: green
                """ : "";
        String yaml = """
                admin:
                  address: 127.0.0.1:0
                workers: 2
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: %s
                        team-b: other
                %sclusters:
                  - name: blue
                    endpoints: [127.0.0.1:%d]
                  - name: green
                    endpoints: [127.0.0.1:%d]
                  - name: other
                    endpoints: [127.0.0.1:%d]
                    protocol: http2
                    response_timeout: %ds
                """.formatted(teamACluster, extra, blue.port(), green.port(), other.port(), otherTimeoutSeconds);
        try {
            return ConfigLoader.parse(yaml, "reload-test");
        } catch (ConfigException e) {
            throw new AssertionError("test config invalid: " + e.errors(), e);
        }
    }

    private String get(OkHttpClient c, String listener, String tenant) throws IOException {
        Request request = new Request.Builder()
                .url("http://127.0.0.1:" + sluice.port(listener) + "/api/v1/query?query=up")
                .header("X-Scope-OrgID", tenant).build();
        try (Response response = c.newCall(request).execute()) {
            String body = response.body().string();
            if (response.code() != 200) {
                throw new IOException("status " + response.code() + ": " + body);
            }
            return response.header("x-backend");
        }
    }

    @Test
    void reloadsUnderLoadFailNoRequestAndMoveTrafficAtOnce() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        List<OkHttpClient> clients = List.of(Clients.http1(), Clients.http1(), Clients.h2c(), Clients.h2c());
        for (int i = 0; i < clients.size(); i++) {
            OkHttpClient c = clients.get(i);
            String name = "load-" + i + (i < 2 ? "-h1" : "-h2");
            threads.add(Thread.ofPlatform().name(name).start(() -> {
                for (long n = 0; running.get(); n++) {
                    String tenant = n % 2 == 0 ? "team-a" : "team-b";
                    try {
                        String backend = get(c, "ingress", tenant);
                        if (tenant.equals("team-b") && !"other".equals(backend)) {
                            failures.add(name + " " + tenant + " reached " + backend);
                        }
                        ok.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        failures.add(name + " " + tenant + ": " + e);
                    }
                }
            }));
        }
        try {
            for (int i = 1; i <= 20; i++) {
                String cluster = i % 2 == 1 ? "green" : "blue";
                sluice.apply(config(cluster, 5 + i, false));
                // Right after apply returns, a new request sees the new config.
                assertThat(get(client, "ingress", "team-a")).isEqualTo(cluster);
                Thread.sleep(150); // pacing: 20 reloads spread over ~3 s of load
            }
        } finally {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
            clients.forEach(Clients::shutdown);
        }
        assertThat(failures).as("failed requests during reloads").isEmpty();
        assertThat(ok.get()).as("requests completed under load").isGreaterThan(200);
        assertThat(get(client, "ingress", "team-a")).isEqualTo("blue");
        assertThat(sluice.context().snapshot().config().clusters().get(2).responseTimeout())
                .isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void invalidConfigIsRejectedWholeAndTheRunningOneKeepsServing() throws Exception {
        String bad = """
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: nowhere
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:70000]
                    response_timout: 5s
                """;
        assertThatThrownBy(() -> sluice.apply(ConfigLoader.parse(bad, "bad.yaml")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(3);
                    assertThat(e.errors().toString())
                            .contains("clusters[0].endpoints[0]")
                            .contains("response_timout")
                            .contains("nowhere");
                });
        assertThat(get(client, "ingress", "team-a")).isEqualTo("blue");
        assertThat(get(client, "ingress", "team-b")).isEqualTo("other");
    }

    @Test
    void listenersAreAddedAndRemovedOnReload() throws Exception {
        sluice.apply(config("blue", 5, true));
        int extraPort = sluice.port("extra");
        assertThat(get(client, "extra", "anyone")).isEqualTo("green");
        assertThat(get(client, "ingress", "team-a")).isEqualTo("blue");

        sluice.apply(config("blue", 5, false));
        client.connectionPool().evictAll();
        assertThatThrownBy(() -> RawConnection.open("127.0.0.1", extraPort).close())
                .isInstanceOf(UncheckedIOException.class);
        assertThat(get(client, "ingress", "team-a")).isEqualTo("blue");
    }

    @Test
    void unchangedClustersKeepTheirPooledConnections() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(client, "ingress", "team-a")).isEqualTo("blue");
            assertThat(get(client, "ingress", "team-b")).isEqualTo("other");
        }
        int blueConnections = blue.connectionsAccepted();
        int otherConnections = other.connectionsAccepted();

        sluice.apply(config("blue", 7, false)); // only "other" changes
        for (int i = 0; i < 3; i++) {
            assertThat(get(client, "ingress", "team-a")).isEqualTo("blue");
            assertThat(get(client, "ingress", "team-b")).isEqualTo("other");
        }
        assertThat(blue.connectionsAccepted()).as("blue is unchanged: its warm connection is reused")
                .isEqualTo(blueConnections);
        assertThat(other.connectionsAccepted()).as("other was replaced: new pool, new connection")
                .isGreaterThan(otherConnections);
    }

    /** Per-tenant counters live for the process: a reload neither resets nor mixes them. */
    @Test
    void aTenantsCountsGoOnAcrossReloadsPerCluster() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get(client, "ingress", "team-a")).isEqualTo("blue");
        }
        sluice.apply(config("green", 5, false));
        for (int i = 0; i < 2; i++) {
            assertThat(get(client, "ingress", "team-a")).isEqualTo("green");
        }
        sluice.apply(config("blue", 6, false));
        assertThat(get(client, "ingress", "team-a")).isEqualTo("blue");
        assertThat(get(client, "ingress", "team-b")).isEqualTo("other");
        Map<String, String> blueA = Map.of("cluster", "blue", "tenant", "team-a", "class", "2xx");
        Map<String, String> greenA = Map.of("cluster", "green", "tenant", "team-a", "class", "2xx");
        Map<String, String> otherB = Map.of("cluster", "other", "tenant", "team-b", "class", "2xx");
        // A request is counted when its exchange finishes, which may be just after the client has its response.
        ProxyTestSupport.await("team-a 4 on blue, 2 on green; team-b 1", Duration.ofSeconds(5), () -> {
            String text = ProxyTestSupport.admin(sluice, "/stats/prometheus").body();
            return AdminTest.metric(text, "sluice_requests_total", blueA) == 4
                    && AdminTest.metric(text, "sluice_requests_total", greenA) == 2
                    && AdminTest.metric(text, "sluice_requests_total", otherB) == 1;
        });
        String text = ProxyTestSupport.admin(sluice, "/stats/prometheus").body();
        assertThat(AdminTest.metric(text, "sluice_requests_total", blueA)).isEqualTo(4);
        assertThat(AdminTest.metric(text, "sluice_requests_total", greenA)).isEqualTo(2);
    }
}
