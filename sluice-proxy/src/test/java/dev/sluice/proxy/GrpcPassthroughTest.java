package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.GrpcResult;
import dev.sluice.proxy.testing.GrpcTestClient;
import dev.sluice.proxy.testing.GrpcTestService;
import dev.sluice.proxy.testing.GrpcTestService.ReceivedCall;
import dev.sluice.proxy.testing.HeaderList;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * grpc-java client → Sluice (h2c) → grpc-java server over an HTTP/2 cluster: messages, response
 * headers, trailers and error statuses must pass through untouched.
 */
class GrpcPassthroughTest {
    private static GrpcTestService service;
    private static SluiceServer server;
    private static GrpcTestClient client;

    @BeforeAll
    static void start() throws Exception {
        service = GrpcTestService.start();
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 2
                listeners:
                  - name: otlp
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: collector
                clusters:
                  - name: collector
                    protocol: http2
                    endpoints: [127.0.0.1:%d]
                """.formatted(service.port())));
        client = GrpcTestClient.connect("127.0.0.1", server.port("otlp"));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        service.close();
    }

    @BeforeEach
    void clear() {
        service.clear();
    }

    private static final HeaderList TENANT = HeaderList.of("x-scope-orgid", "team-a", "x-custom-meta", "m-1");

    @Test
    void unaryWithTrailers() {
        byte[] payload = new byte[10_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        GrpcResult r = client.unary(payload, TENANT);
        assertThat(r.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(r.message()).isEqualTo(payload);
        assertThat(r.header("content-type")).isEqualTo("application/grpc");
        assertThat(r.trailer("x-echo-trailer")).isEqualTo("done");
        assertThat(r.trailer("grpc-status")).isNull(); // grpc-java consumes it into the status

        ReceivedCall call = service.awaitCalls(1, WAIT).get(0);
        assertThat(call.fullMethodName()).isEqualTo("sluice.test.Echo/Unary");
        assertThat(call.header("x-scope-orgid")).isEqualTo("team-a");
        assertThat(call.header("x-custom-meta")).isEqualTo("m-1");
        assertThat(call.header("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(call.header("x-request-id")).matches("[0-9a-f]{32}");
    }

    @Test
    void concurrentUnaryCallsOnOneChannel() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            Thread th = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 25; i++) {
                    byte[] msg = ("call-" + id + "-" + i).getBytes(StandardCharsets.UTF_8);
                    GrpcResult r = client.unary(msg, TENANT);
                    if (!r.ok() || !java.util.Arrays.equals(r.message(), msg)) {
                        failures.add(id + "/" + i + ": " + r.status());
                    }
                }
            });
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join(WAIT.toMillis() * 2);
        }
        assertThat(failures).isEmpty();
        assertThat(service.awaitCalls(200, WAIT)).hasSize(200);
    }

    @Test
    void serverStreamingThousandMessages() {
        GrpcResult r = client.stream(1000, TENANT);
        assertThat(r.status().getCode()).isEqualTo(Status.Code.OK);
        assertThat(r.messages()).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(ByteBuffer.wrap(r.messages().get(i)).getInt()).as("message %d", i).isEqualTo(i);
        }
        assertThat(r.trailer("x-echo-trailer")).isEqualTo("done");
        ReceivedCall call = service.awaitCalls(1, WAIT).get(0);
        assertThat(call.fullMethodName()).isEqualTo("sluice.test.Echo/Stream");
        assertThat(call.header("x-scope-orgid")).isEqualTo("team-a");
    }

    @Test
    void errorStatusInATrailersOnlyResponse() {
        GrpcResult r = client.fail(TENANT);
        assertThat(r.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        // Percent-encoded on the wire; must arrive decoded exactly as the server wrote it.
        assertThat(r.status().getDescription()).isEqualTo(GrpcTestService.FAIL_DESCRIPTION);
        assertThat(r.trailer("x-echo-trailer")).isEqualTo("done");
        assertThat(r.messages()).isEmpty();
        assertThat(service.awaitCalls(1, WAIT).get(0).fullMethodName()).isEqualTo("sluice.test.Echo/Fail");
    }

    @Test
    void rejectedTenantBecomesAGrpcErrorWithoutReachingTheServer() {
        GrpcResult r = client.unary(new byte[] {1}, HeaderList.of("x-scope-orgid", "nobody"));
        assertThat(r.ok()).isFalse();
        // grpc-java maps HTTP 404 to UNIMPLEMENTED when no grpc-status came back.
        assertThat(r.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(r.status().getDescription()).contains("404");
        // The next good call still works on the same connection: the error was per stream.
        assertThat(client.unary(new byte[] {2}, TENANT).ok()).isTrue();
        assertThat(service.awaitCalls(1, WAIT)).hasSize(1);
        assertThat(service.calls().get(0).header("x-scope-orgid")).isEqualTo("team-a");
    }
}
