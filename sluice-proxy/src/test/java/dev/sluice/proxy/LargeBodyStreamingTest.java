package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.Bootstrap;
import dev.sluice.config.model.TenantFallback;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.BodyDigest;
import dev.sluice.proxy.testing.BoundedHeap;
import dev.sluice.proxy.testing.BytePattern;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.ReceivedRequest;
import dev.sluice.proxy.testing.TestBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Big bodies stream through Sluice with backpressure, never buffered: a 1 GiB upload (with a
 * Content-Length and chunked) and a 1 GiB download over HTTP/1.1, 256 MiB each way over h2c
 * (h2 framing and flow control cost more CPU per byte; 256 MiB keeps the run short and is still
 * four times the bound), and a client that stops reading a big download. Length and SHA-256 are
 * checked at the far end; memory of the whole JVM (proxy, backend and client) is bounded.
 */
class LargeBodyStreamingTest {

    private static final long GIB = 1L << 30;
    private static final long H2_SIZE = 256L << 20;
    /** Peak direct memory growth allowed while a body streams: a few pooled chunks, not the body. */
    private static final long MAX_DIRECT_GROWTH = 64L << 20;
    /** Live heap growth allowed after the transfer (after a GC): counters, pools, nothing body-sized. */
    private static final long MAX_HEAP_GROWTH = 32L << 20;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<Long, String> SHA = new ConcurrentHashMap<>();

    private static TestBackend backend;
    private static SluiceServer sluice;
    private static OkHttpClient http1;
    private static OkHttpClient h2c;

    @BeforeAll
    static void start() throws Exception {
        backend = TestBackend.start("big");
        Bootstrap config = TestConfigs.bootstrap(
                List.of(TestConfigs.listener("ingress", List.of(),
                        TestConfigs.tenants(Map.of("team-a", new String[] {"big", "big"}),
                                TenantFallback.REJECT, TenantFallback.REJECT))),
                List.of(TestConfigs.cluster("big", backend.port())));
        sluice = SluiceServer.start(config);
        // Long transfers: the client's default 10 s read timeout is per read, but be generous.
        http1 = Clients.http1().newBuilder().readTimeout(WAIT).writeTimeout(WAIT).build();
        h2c = Clients.h2c().newBuilder().readTimeout(WAIT).writeTimeout(WAIT).build();
    }

    @AfterAll
    static void stop() {
        Clients.shutdown(http1);
        Clients.shutdown(h2c);
        sluice.close();
        backend.close();
    }

    @BeforeEach
    void reset() {
        backend.clear();
        backend.behavior(Behavior.standard());
    }

    private static String sha(long size) {
        return SHA.computeIfAbsent(size, BytePattern::sha256Hex);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + sluice.port("ingress") + path;
    }

    private static Request.Builder request(String path) {
        return new Request.Builder().url(url(path)).header("X-Scope-OrgID", "team-a");
    }

    private void upload(OkHttpClient client, RequestBody body, long size) throws IOException {
        String expected = sha(size); // hashed before measuring: the digest work is not the proxy's
        BoundedHeap memory = BoundedHeap.start();
        try (Response response = client.newCall(request("/api/v1/push").post(body).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).contains("backend=big");
        }
        memory.assertBounded(MAX_DIRECT_GROWTH, MAX_HEAP_GROWTH);
        ReceivedRequest received = backend.awaitRequest(WAIT);
        assertThat(received.complete()).isTrue();
        assertThat(received.bodyLength()).isEqualTo(size);
        assertThat(received.bodySha256()).isEqualTo(expected);
    }

    private void download(OkHttpClient client, long size) throws IOException {
        String expected = sha(size);
        backend.behavior(Behavior.download(size));
        BoundedHeap memory = BoundedHeap.start();
        BodyDigest digest = Clients.drain(client.newCall(request("/big").build()).execute());
        memory.assertBounded(MAX_DIRECT_GROWTH, MAX_HEAP_GROWTH);
        assertThat(digest.length()).isEqualTo(size);
        assertThat(digest.sha256Hex()).isEqualTo(expected);
    }

    @Test
    void http1UploadOfOneGibWithContentLength() throws IOException {
        upload(http1, Clients.patternBody(GIB), GIB);
        assertThat(backend.requests().get(0).header("content-length")).isEqualTo(Long.toString(GIB));
    }

    @Test
    void http1ChunkedUploadOfOneGib() throws IOException {
        upload(http1, Clients.chunkedPatternBody(GIB), GIB);
        assertThat(backend.requests().get(0).header("transfer-encoding")).isEqualTo("chunked");
    }

    @Test
    void http1DownloadOfOneGib() throws IOException {
        download(http1, GIB);
    }

    @Test
    void h2UploadOf256Mib() throws IOException {
        upload(h2c, Clients.patternBody(H2_SIZE), H2_SIZE);
    }

    @Test
    void h2UnframedUploadOf256Mib() throws IOException {
        // No content-length on h2: Sluice must frame it for the HTTP/1.1 upstream (chunked).
        upload(h2c, Clients.chunkedPatternBody(H2_SIZE), H2_SIZE);
    }

    @Test
    void h2DownloadOf256Mib() throws IOException {
        download(h2c, H2_SIZE);
    }

    @Test
    void slowReaderOfABigDownloadIsNotBuffered() throws Exception {
        backend.behavior(Behavior.download(GIB));
        backend.dropConnections(); // start from no pooled connection: the download gets a fresh one
        try (RawConnection client = RawConnection.open("127.0.0.1", sluice.port("ingress"))) {
            client.send("GET /big HTTP/1.1\r\nHost: test\r\nX-Scope-OrgID: team-a\r\n\r\n");
            backend.awaitRequest(WAIT);
            BoundedHeap memory = BoundedHeap.start();
            // The client reads nothing for a second (the point of the test, not a synchronisation):
            // only backpressure from Sluice to the backend keeps the gigabyte out of memory.
            Thread.sleep(1_000);
            memory.assertBounded(MAX_DIRECT_GROWTH / 2, MAX_HEAP_GROWTH);
            client.abandon();
        }
        // The proxy gave up the upstream connection once the client went away.
        awaitNoBackendConnections();
    }

    private static void awaitNoBackendConnections() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (backend.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(backend.openConnections()).as("backend connections left open").isZero();
    }
}
