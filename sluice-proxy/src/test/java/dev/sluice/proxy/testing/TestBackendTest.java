package dev.sluice.proxy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The testkit against itself: if these fail, proxy integration tests cannot be trusted. */
class TestBackendTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static OkHttpClient http1;
    private static OkHttpClient h2c;

    private TestBackend backend;

    @BeforeAll
    static void clients() {
        http1 = Clients.http1();
        h2c = Clients.h2c();
    }

    @AfterAll
    static void shutdownClients() {
        Clients.shutdown(http1);
        Clients.shutdown(h2c);
    }

    @BeforeEach
    void startBackend() {
        backend = TestBackend.start("alpha");
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    private static OkHttpClient client(String protocol) {
        return protocol.equals("h2") ? h2c : http1;
    }

    private Response execute(String protocol, Request.Builder request) throws IOException {
        return client(protocol).newCall(request.build()).execute();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void recordsMethodPathHeadersAndBody(String protocol) throws IOException {
        Request.Builder request = new Request.Builder().url(backend.url("/api/v1/push?tenant=a&x=1"))
                .header("X-Tenant", "team-a")
                .addHeader("x-multi", "one")
                .addHeader("x-multi", "two")
                .post(RequestBody.create("hello", null));
        try (Response response = execute(protocol, request)) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.protocol()).isEqualTo(protocol.equals("h2") ? Protocol.H2_PRIOR_KNOWLEDGE : Protocol.HTTP_1_1);
            assertThat(response.header("x-backend")).isEqualTo("alpha");
            assertThat(response.body().string()).isEqualTo("backend=alpha method=POST path=/api/v1/push?tenant=a&x=1\n");
        }
        ReceivedRequest received = backend.awaitRequest(WAIT);
        assertThat(received.protocol()).isEqualTo(protocol.equals("h2") ? "HTTP/2" : "HTTP/1.1");
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/api/v1/push?tenant=a&x=1");
        assertThat(received.authority()).isEqualTo("127.0.0.1:" + backend.port());
        assertThat(received.header("x-tenant")).isEqualTo("team-a");
        assertThat(received.headers().get("X-TENANT")).isEqualTo("team-a");
        assertThat(received.headers().getAll("X-Multi")).containsExactly("one", "two");
        assertThat(received.headers().names()).doesNotContain(":method", ":path");
        assertThat(received.bodyLength()).isEqualTo(5);
        assertThat(received.bodySha256()).isEqualTo(BodyDigest.sha256Hex("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.bodyText()).isEqualTo("hello");
        assertThat(received.complete()).isTrue();
    }

    @Test
    void http1KeepAliveReusesOneConnection() throws IOException {
        for (int i = 0; i < 3; i++) {
            try (Response response = execute("h1", new Request.Builder().url(backend.url("/r" + i)))) {
                assertThat(response.body().string()).contains("path=/r" + i);
            }
        }
        List<ReceivedRequest> received = backend.awaitRequests(3, WAIT);
        assertThat(received).extracting(ReceivedRequest::connectionId).containsOnly(1);
        assertThat(backend.connectionsAccepted()).isEqualTo(1);
        backend.clear();
        assertThat(backend.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void echoStreamsALargeBodyBack(String protocol) throws IOException {
        backend.behavior(Behavior.echo());
        long size = 3L << 20;
        BodyDigest digest = Clients.drain(execute(protocol,
                new Request.Builder().url(backend.url("/echo")).post(Clients.patternBody(size))));
        assertThat(digest.length()).isEqualTo(size);
        assertThat(digest.sha256Hex()).isEqualTo(BytePattern.sha256Hex(size));
        ReceivedRequest received = backend.awaitRequest(WAIT);
        assertThat(received.bodyLength()).isEqualTo(size);
        assertThat(received.bodySha256()).isEqualTo(BytePattern.sha256Hex(size));
        assertThat(received.bodyKept()).isFalse();
    }

    @Test
    void recordsChunkedRequestBodyDecoded() throws IOException {
        backend.behavior(Behavior.echo());
        BodyDigest digest = Clients.drain(execute("h1",
                new Request.Builder().url(backend.url("/c")).post(Clients.chunkedPatternBody(100_000))));
        assertThat(digest.keptBytes()).isEqualTo(BytePattern.bytes(100_000));
        ReceivedRequest received = backend.awaitRequest(WAIT);
        assertThat(received.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(received.body()).isEqualTo(BytePattern.bytes(100_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void downloads64MiBWithBoundedMemory(String protocol) throws IOException {
        long size = 64L << 20;
        backend.behavior(Behavior.download(size));
        BoundedHeap memory = BoundedHeap.start();
        BodyDigest digest = Clients.drain(execute(protocol, new Request.Builder().url(backend.url("/big"))));
        memory.assertBounded(32L << 20, 32L << 20);
        assertThat(digest.length()).isEqualTo(size);
        assertThat(digest.sha256Hex()).isEqualTo(BytePattern.sha256Hex(size));
    }

    @Test
    void downloadWaitsForASlowReader() throws InterruptedException {
        backend.behavior(Behavior.download(1L << 30));
        try (RawConnection connection = RawConnection.open(backend.host(), backend.port())) {
            connection.send("GET /gib HTTP/1.1\r\nHost: test\r\n\r\n");
            backend.awaitRequest(WAIT);
            BoundedHeap memory = BoundedHeap.start();
            // Not reading for a second: only backpressure keeps the gigabyte out of memory.
            // Without it, this grows by hundreds of MiB (checked by disabling the writability wait).
            Thread.sleep(1_000);
            memory.assertBounded(16L << 20, 16L << 20);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void dieMidResponseFailsTheClientInsteadOfTruncating(String protocol) {
        backend.behavior(Behavior.dieMidResponse(200_000));
        assertThatThrownBy(() -> Clients.drain(execute(protocol, new Request.Builder().url(backend.url("/die")))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void resetMidResponseResetsTheHttp2Stream() {
        backend.behavior(Behavior.resetMidResponse(10_000));
        assertThatThrownBy(() -> Clients.drain(execute("h2", new Request.Builder().url(backend.url("/rst")))))
                .isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void closeWithoutResponseAndGarbageFailTheCall(String protocol) {
        for (Behavior behavior : List.of(Behavior.closeWithoutResponse(), Behavior.garbage())) {
            backend.behavior(behavior);
            assertThatThrownBy(() -> execute(protocol, new Request.Builder().url(backend.url("/x"))).close())
                    .isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void statusDelayAndTrailers(String protocol) throws IOException {
        backend.behavior(Behavior.status(503));
        try (Response response = execute(protocol, new Request.Builder().url(backend.url("/s")))) {
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.header("x-backend")).isEqualTo("alpha");
        }
        backend.behavior(Behavior.delay(Duration.ofMillis(300)));
        long start = System.nanoTime();
        try (Response response = execute(protocol, new Request.Builder().url(backend.url("/d")))) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        backend.behavior(Behavior.trailers(HeaderList.of("grpc-status", "0", "x-checksum", "abc")));
        try (Response response = execute(protocol, new Request.Builder().url(backend.url("/t")))) {
            assertThat(response.body().string()).isEqualTo("backend=alpha method=GET path=/t\n");
            assertThat(response.trailers().get("x-checksum")).isEqualTo("abc");
            assertThat(response.trailers().get("grpc-status")).isEqualTo("0");
        }
    }

    @Test
    void rawHttpRoundTripAndClose() {
        RawResponse closing = RawHttp.send(backend.host(), backend.port(),
                "GET /raw HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", WAIT);
        assertThat(closing.status()).isEqualTo(200);
        assertThat(closing.header("X-Backend")).isEqualTo("alpha");
        assertThat(closing.body()).isEqualTo("backend=alpha method=GET path=/raw\n");
        assertThat(closing.complete()).isTrue();
        assertThat(closing.serverClosed()).isTrue();

        try (RawConnection connection = RawConnection.open(backend.host(), backend.port())) {
            RawResponse first = connection.send("GET /a HTTP/1.1\r\nHost: test\r\n\r\n").readResponse(WAIT);
            assertThat(first.complete()).isTrue();
            assertThat(first.serverClosed()).isFalse();
            connection.send("POST /b HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\nx-trailer: yes\r\n\r\n");
            assertThat(connection.readResponse(WAIT).body()).contains("path=/b");
        }
        ReceivedRequest chunked = backend.awaitRequests(3, WAIT).get(2);
        assertThat(chunked.bodyText()).isEqualTo("hello");
        assertThat(chunked.trailers().get("X-Trailer")).isEqualTo("yes");

        RawResponse malformed = RawHttp.send(backend.host(), backend.port(), "GET / HTTP/1.1\r\nBad Header\r\n\r\n", WAIT);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.serverClosed()).isTrue();
    }

    @Test
    void slowAndAbandonedBodies() {
        try (RawConnection connection = RawConnection.open(backend.host(), backend.port())) {
            connection.send("POST /slow HTTP/1.1\r\nHost: test\r\nContent-Length: 30\r\n\r\n");
            assertThat(connection.trickle(BytePattern.bytes(30), 10, Duration.ofMillis(20))).isEqualTo(30);
            assertThat(connection.readResponse(WAIT).status()).isEqualTo(200);
        }
        ReceivedRequest slow = backend.awaitRequest(WAIT);
        assertThat(slow.complete()).isTrue();
        assertThat(slow.body()).isEqualTo(BytePattern.bytes(30));
        backend.clear();

        RawConnection abandoned = RawConnection.open(backend.host(), backend.port());
        abandoned.send("POST /gone HTTP/1.1\r\nHost: test\r\nContent-Length: 1000\r\n\r\n0123456789");
        abandoned.abandon();
        ReceivedRequest gone = backend.awaitRequest(WAIT);
        assertThat(gone.complete()).isFalse();
        assertThat(gone.path()).isEqualTo("/gone");
        assertThat(gone.bodyLength()).isEqualTo(10);
    }

    @Test
    void refusedConnections() {
        int unused = TestBackend.unusedPort();
        assertThatThrownBy(() -> RawConnection.open(TestBackend.HOST, unused)).isInstanceOf(UncheckedIOException.class);
        backend.stopAccepting();
        assertThatThrownBy(() -> execute("h1", new Request.Builder().url(backend.url("/")))).isInstanceOf(IOException.class);
    }

    @Test
    void grpcUnaryStreamAndError() {
        try (GrpcTestService service = GrpcTestService.start();
                GrpcTestClient client = GrpcTestClient.connect(service.host(), service.port())) {
            HeaderList tenant = HeaderList.of("x-tenant", "team-a");
            GrpcResult unary = client.unary("ping".getBytes(StandardCharsets.UTF_8), tenant);
            assertThat(unary.ok()).isTrue();
            assertThat(unary.message()).asString(StandardCharsets.UTF_8).isEqualTo("ping");
            assertThat(unary.trailer("x-echo-trailer")).isEqualTo("done");
            assertThat(unary.header("content-type")).isEqualTo("application/grpc");

            GrpcResult stream = client.stream(1000, tenant);
            assertThat(stream.ok()).isTrue();
            assertThat(stream.messages()).hasSize(1000);
            assertThat(ByteBuffer.wrap(stream.messages().get(999)).getInt()).isEqualTo(999);
            assertThat(stream.trailer("x-echo-trailer")).isEqualTo("done");

            GrpcResult failed = client.fail(tenant);
            assertThat(failed.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(failed.status().getDescription()).isEqualTo(GrpcTestService.FAIL_DESCRIPTION);
            assertThat(failed.trailer("x-echo-trailer")).isEqualTo("done");

            List<GrpcTestService.ReceivedCall> calls = service.awaitCalls(3, WAIT);
            assertThat(calls).extracting(GrpcTestService.ReceivedCall::fullMethodName)
                    .containsExactly("sluice.test.Echo/Unary", "sluice.test.Echo/Stream", "sluice.test.Echo/Fail");
            assertThat(calls).allSatisfy(call -> assertThat(call.header("x-tenant")).isEqualTo("team-a"));
        }
    }
}
