package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.model.TenantFallback;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.BytePattern;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.HeaderList;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawResponse;
import dev.sluice.proxy.testing.ReceivedRequest;
import dev.sluice.proxy.testing.TestBackend;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures halfway through a streamed body. When the backend dies after the response headers
 * went out, the client must see an error (a connection closed before the promised length or the
 * last chunk, an HTTP/2 stream reset), never a short body that looks complete. When the client
 * goes away, the upstream request is cancelled. Either way the next requests still work.
 */
class MidStreamFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestBackend backend;
    private static SluiceServer sluice;
    private static OkHttpClient http1;
    private static OkHttpClient h2c;

    @BeforeAll
    static void start() throws Exception {
        backend = TestBackend.start("flaky");
        sluice = SluiceServer.start(TestConfigs.bootstrap(
                List.of(TestConfigs.listener("ingress", List.of(),
                        TestConfigs.tenants(Map.of("team-a", new String[] {"flaky", "flaky"}),
                                TenantFallback.REJECT, TenantFallback.REJECT))),
                List.of(TestConfigs.cluster("flaky", backend.port()))));
        http1 = Clients.http1();
        h2c = Clients.h2c();
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
        backend.behavior(Behavior.standard());
        backend.clear();
    }

    /** The pool is not poisoned: plain requests over both protocols still get 200 from the backend. */
    @AfterEach
    void nextRequestsStillWork() throws IOException {
        backend.behavior(Behavior.standard());
        for (OkHttpClient client : List.of(http1, h2c, http1, h2c)) {
            try (Response response = client.newCall(request("/after").build()).execute()) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.body().string()).isEqualTo("backend=flaky method=GET path=/after\n");
            }
        }
    }

    private static Request.Builder request(String path) {
        return new Request.Builder().url("http://127.0.0.1:" + sluice.port("ingress") + path)
                .header("X-Scope-OrgID", "team-a");
    }

    private static RawConnection raw() {
        return RawConnection.open("127.0.0.1", sluice.port("ingress"));
    }

    /** A chunked response (no content-length) that stops after {@code bytes} and closes. */
    private static Behavior chunkedThenDie(int bytes) {
        return Behavior.whenComplete(ex -> {
            ex.sendHead(200, HeaderList.of("content-type", "application/octet-stream"), false);
            ex.sendData(BytePattern.copy(ByteBufAllocator.DEFAULT, 0, bytes), false)
                    .addListener(f -> ex.killConnection());
        });
    }

    @Test
    void http1ContentLengthResponseCutShortClosesTheClientConnection() {
        backend.behavior(Behavior.dieMidResponse(200_000));
        try (RawConnection client = raw()) {
            RawResponse response = client.send("GET /die HTTP/1.1\r\nHost: t\r\nX-Scope-OrgID: team-a\r\n\r\n")
                    .readResponse(WAIT);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.complete()).as("a truncated body must not look complete").isFalse();
            assertThat(response.serverClosed()).isTrue();
        }
        assertThatThrownBy(() -> Clients.drain(http1.newCall(request("/die").build()).execute()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void http1ChunkedResponseCutShortHasNoLastChunk() {
        backend.behavior(chunkedThenDie(50_000));
        try (RawConnection client = raw()) {
            RawResponse response = client.send("GET /die HTTP/1.1\r\nHost: t\r\nX-Scope-OrgID: team-a\r\n\r\n")
                    .readResponse(WAIT);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(response.complete()).as("no terminating 0-chunk after a dead upstream").isFalse();
            assertThat(response.serverClosed()).isTrue();
        }
        assertThatThrownBy(() -> Clients.drain(http1.newCall(request("/die").build()).execute()))
                .isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"content-length", "chunked"})
    void h2ResponseCutShortResetsTheStream(String framing) {
        backend.behavior(framing.equals("chunked") ? chunkedThenDie(50_000) : Behavior.dieMidResponse(200_000));
        // Without a content-length only the reset tells the client: a clean end would look complete.
        assertThatThrownBy(() -> Clients.drain(h2c.newCall(request("/die").build()).execute()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void h2StreamResetByBackendResetsTheClientStream() {
        backend.behavior(Behavior.resetMidResponse(30_000));
        assertThatThrownBy(() -> Clients.drain(h2c.newCall(request("/rst").build()).execute()))
                .isInstanceOf(IOException.class);
    }

    /** Never answers; counts down when the request head reached the backend. */
    private static Behavior hold(CountDownLatch headArrived) {
        return exchange -> {
            headArrived.countDown();
            return new Behavior.RequestListener() {};
        };
    }

    @Test
    void http1ClientAbandonsUploadTheBackendSeesAnIncompleteRequest() throws Exception {
        CountDownLatch head = new CountDownLatch(1);
        backend.behavior(hold(head));
        RawConnection client = raw();
        client.send("POST /api/v1/push HTTP/1.1\r\nHost: t\r\nX-Scope-OrgID: team-a\r\n"
                + "Content-Length: 10000000\r\n\r\n");
        client.send(BytePattern.bytes(100_000));
        assertThat(head.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        client.abandon();
        ReceivedRequest received = backend.awaitRequest(WAIT);
        assertThat(received.complete()).isFalse();
        assertThat(received.bodyLength()).isLessThan(10_000_000);
    }

    @Test
    void h2ClientAbandonsUploadTheBackendSeesAnIncompleteRequest() throws Exception {
        CountDownLatch head = new CountDownLatch(1);
        backend.behavior(hold(head));
        RequestBody failing = new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/octet-stream");
            }

            @Override
            public long contentLength() {
                return 10_000_000;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(BytePattern.bytes(100_000));
                sink.flush();
                try {
                    head.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("client gives up mid-upload"); // OkHttp resets the stream
            }
        };
        assertThatThrownBy(() -> h2c.newCall(request("/api/v1/push").post(failing).build()).execute().close())
                .isInstanceOf(IOException.class);
        ReceivedRequest received = backend.awaitRequest(WAIT);
        assertThat(received.complete()).isFalse();
        assertThat(received.bodyLength()).isLessThan(10_000_000);
    }

    @Test
    void http1ClientAbandonsDownloadTheUpstreamConnectionIsClosed() throws Exception {
        backend.dropConnections();
        backend.behavior(Behavior.download(1L << 30));
        RawConnection client = raw();
        client.send("GET /big HTTP/1.1\r\nHost: t\r\nX-Scope-OrgID: team-a\r\n\r\n");
        backend.awaitRequest(WAIT);
        client.abandon();
        awaitBackendConnections(0);
    }

    @Test
    void h2ClientCancelsDownloadTheUpstreamConnectionIsClosed() throws Exception {
        backend.dropConnections();
        backend.behavior(Behavior.download(1L << 30));
        try (Response response = h2c.newCall(request("/big").build()).execute();
                InputStream body = response.body().byteStream()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(body.readNBytes(1 << 20)).hasSize(1 << 20);
        } // closing an unfinished h2 response resets the stream
        awaitBackendConnections(0);
    }

    private static void awaitBackendConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (backend.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(backend.openConnections()).as("open backend connections").isEqualTo(expected);
    }
}
