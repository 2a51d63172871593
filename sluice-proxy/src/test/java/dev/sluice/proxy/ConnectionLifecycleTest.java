package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static dev.sluice.proxy.ProxyTestSupport.admin;
import static dev.sluice.proxy.ProxyTestSupport.await;
import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.HeaderList;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawResponse;
import dev.sluice.proxy.testing.TestBackend;
import java.nio.charset.StandardCharsets;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Endpoints named by DNS, and the idle timeouts on both sides: an idle downstream connection is
 * closed by Sluice, an idle pooled upstream connection is closed and replaced on the next request.
 */
class ConnectionLifecycleTest {
    private TestBackend backend;
    private SluiceServer server;
    private OkHttpClient http1;

    @BeforeEach
    void start() throws Exception {
        backend = TestBackend.start("blue");
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 1
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    idle_timeout: 300ms
                    tenant_routing:
                      tenants:
                        team-a: blue
                clusters:
                  - name: blue
                    endpoints: [localhost:%d]
                    idle_timeout: 300ms
                    dns_refresh: 1s
                """.formatted(backend.port())));
        http1 = Clients.http1();
    }

    @AfterEach
    void stop() {
        Clients.shutdown(http1);
        server.close();
        backend.close();
    }

    private ProxyTestSupport.Reply get() {
        return call(http1, new Request.Builder()
                .url("http://127.0.0.1:" + server.port("ingress") + "/api/v1/query?query=up")
                .header("X-Scope-OrgID", "team-a").build());
    }

    @Test
    void endpointNamedByDnsIsResolvedAndServes() throws Exception {
        assertThat(get().status()).isEqualTo(200);
        assertThat(backend.awaitRequest(WAIT).path()).isEqualTo("/api/v1/query?query=up");
        JsonNode endpoint = ProxyTestSupport.JSON.readTree(admin(server, "/clusters").body())
                .path("clusters").get(0).path("endpoints").get(0);
        assertThat(endpoint.path("address").asText()).isEqualTo("localhost:" + backend.port());
        assertThat(endpoint.path("resolved").asText()).endsWith("127.0.0.1:" + backend.port());
    }

    @Test
    void idleUpstreamConnectionIsClosedAndReplaced() {
        assertThat(get().status()).isEqualTo(200);
        assertThat(backend.connectionsAccepted()).isEqualTo(1);
        await("the idle upstream connection to close", WAIT, () -> backend.openConnections() == 0);
        // The client's own connection hit the listener's idle timeout too: start a fresh one.
        http1.connectionPool().evictAll();
        assertThat(get().status()).isEqualTo(200);
        assertThat(backend.connectionsAccepted()).isEqualTo(2);
    }

    @Test
    void idleDownstreamConnectionIsClosedBySluice() throws Exception {
        try (RawConnection raw = RawConnection.open("127.0.0.1", server.port("ingress"))) {
            raw.send("GET /api/v1/query HTTP/1.1\r\nHost: x\r\nX-Scope-OrgID: team-a\r\n\r\n");
            assertThat(raw.readResponse(WAIT).status()).isEqualTo(200);
            // Nothing more is sent: the listener's 300 ms idle timeout closes the connection.
            assertThat(raw.awaitServerClose(WAIT)).isTrue();
        }
    }

    @Test
    void aBackendAnsweringOnTheHeadOfAWholeRequestKeepsBothConnectionsOpen() {
        // A backend that answers as soon as it has the head, as NGINX's `return 200` does. When the
        // whole request reached it first, the exchange is clean: both connections stay open.
        // (Whether the body is whole depends on timing: ProxyStream keeps reading a small body
        // while the upstream connection opens, so under load it nearly always is.)
        backend.behavior(ex -> {
            Behavior.respondText(ex, 200, HeaderList.empty(), "early\n");
            return new Behavior.RequestListener() {};
        });
        byte[] head = ("POST /api/v1/push HTTP/1.1\r\nHost: sluice\r\nX-Scope-OrgID: team-a\r\n"
                + "Content-Length: 4096\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + 4096];
        System.arraycopy(head, 0, request, 0, head.length);
        try (RawConnection c = RawConnection.open("127.0.0.1", server.port("ingress"))) {
            for (int i = 0; i < 3; i++) {
                c.send(request); // head and body in one write, as load generators send them
                RawResponse r = c.readResponse(WAIT);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("connection")).as("request %d kept alive", i).isNull();
            }
        }
        assertThat(backend.connectionsAccepted()).isEqualTo(1);
    }
}
