package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.ProxyTestSupport.Reply;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.BytePattern;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.HeaderList;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawResponse;
import dev.sluice.proxy.testing.ReceivedRequest;
import dev.sluice.proxy.testing.TestBackend;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Sluice does to headers on the way through: hop-by-hop headers dropped both ways,
 * X-Forwarded-For/-Proto, x-request-id, and Host / :authority preserved across protocols.
 */
class HeaderHandlingTest {
    private static final String HOP_HEADERS = "connection, keep-alive, proxy-connection, upgrade, te";

    private static TestBackend backend;
    private static SluiceServer server;
    private static OkHttpClient http1, h2c;

    @BeforeAll
    static void start() throws Exception {
        backend = TestBackend.start("alpha");
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 1
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: up1
                        team-h2: up2
                clusters:
                  - name: up1
                    endpoints: [127.0.0.1:%1$d]
                  - name: up2
                    protocol: http2
                    endpoints: [127.0.0.1:%1$d]
                """.formatted(backend.port())));
        http1 = Clients.http1();
        h2c = Clients.h2c();
    }

    @AfterAll
    static void stop() {
        Clients.shutdown(http1);
        Clients.shutdown(h2c);
        server.close();
        backend.close();
    }

    @BeforeEach
    void reset() {
        backend.clear();
        backend.behavior(Behavior.standard());
    }

    private static OkHttpClient client(String protocol) {
        return protocol.equals("h2") ? h2c : http1;
    }

    private static Request.Builder request(String path, String tenant) {
        return new Request.Builder().url("http://127.0.0.1:" + server.port("ingress") + path)
                .header("X-Scope-OrgID", tenant);
    }

    private static RawConnection raw() {
        return RawConnection.open("127.0.0.1", server.port("ingress"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"content-length", "transfer-encoding"})
    void aHeadResponseCarriesItsFramingHeadersButNoBodyAndTheConnectionGoesOn(String framing) {
        // The backend answers HEAD with the headers a GET would get and, rightly, no body: both
        // of Sluice's hops must know that response has none, or the next exchange breaks.
        String value = framing.equals("content-length") ? "1234" : "chunked";
        backend.behavior(Behavior.whenComplete(ex -> ex.sendHead(200, HeaderList.empty().with(framing, value), true)));
        try (RawConnection c = raw()) {
            RawResponse r = c.send("HEAD /x HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n").readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header(framing)).isEqualToIgnoringCase(value);
            assertThat(r.body()).isEmpty();
            backend.behavior(Behavior.standard());
            r = c.send("GET /q HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n").readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.serverClosed()).isFalse();
        }
        assertThat(backend.requests()).extracting(ReceivedRequest::method).containsExactly("HEAD", "GET");
        assertThat(backend.connectionsAccepted()).as("the upstream connection was reused").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/caf\u00e9/%C3%A9?q=\u00ff&x=1", "http://metrics.example.com/p\u00e9?a=b", "*"})
    void theRequestTargetReachesTheBackendByteForByte(String target) {
        // Bytes above 0x7F are not valid in a target, but a proxy that is lenient about them must
        // not re-encode them either: the backend (which reads the line as ISO-8859-1) sees them as sent.
        String method = target.equals("*") ? "OPTIONS" : "GET";
        try (RawConnection c = raw()) {
            RawResponse r = c.send(method + " " + target + " HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n")
                    .readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(backend.awaitRequest(WAIT).path()).isEqualTo(target);
    }

    @Test
    void hopByHopRequestHeadersAreDropped() {
        try (RawConnection c = raw()) {
            RawResponse r = c.send("POST /api/v1/push HTTP/1.1\r\nHost: metrics.example.com\r\n"
                    + "X-Scope-OrgID: team-a\r\nConnection: keep-alive, X-Secret,x-other\r\n"
                    + "X-Secret: s\r\nX-Other: o\r\nX-Kept: k\r\nKeep-Alive: timeout=5\r\n"
                    + "Proxy-Connection: keep-alive\r\nUpgrade: websocket\r\nTE: gzip\r\n"
                    + "Content-Length: 5\r\n\r\nhello").readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
            ReceivedRequest got = backend.awaitRequest(WAIT);
            assertThat(got.headers().names()).doesNotContain(HOP_HEADERS.split(", "))
                    .doesNotContain("x-secret", "x-other");
            assertThat(got.header("x-kept")).isEqualTo("k");
            assertThat(got.bodyText()).isEqualTo("hello");
            backend.clear();

            // TE: trailers is end-to-end (gRPC needs it); every other TE value is not.
            r = c.send("GET /q HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\nTE: trailers, deflate\r\n\r\n")
                    .readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
            assertThat(backend.awaitRequest(WAIT).headers().getAll("te")).containsExactly("trailers");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void hopByHopResponseHeadersAreDropped(String protocol) {
        backend.behavior(Behavior.fixed(200, HeaderList.of("Connection", "X-Secret", "X-Secret", "s",
                "Keep-Alive", "timeout=5", "Proxy-Connection", "keep-alive", "Upgrade", "foo", "X-Kept", "k"), "ok"));
        Reply r = call(client(protocol), request("/r", "team-a").build());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
        assertThat(r.header("x-kept")).isEqualTo("k");
        for (String name : List.of("x-secret", "keep-alive", "proxy-connection", "upgrade")) {
            assertThat(r.header(name)).as(name).isNull();
        }
        if (protocol.equals("h1")) {
            assertThat(r.header("connection")).isNull();
        }
    }

    @Test
    void upstreamConnectionCloseIsHonouredWithoutClosingTheClient() {
        backend.behavior(Behavior.fixed(200, HeaderList.of("Connection", "close"), "bye"));
        try (RawConnection c = raw()) {
            // Pipelined: the second request is dispatched the moment the first response ends,
            // before the upstream's close can have been noticed. After "Connection: close" a
            // client must not send another request on that connection (RFC 9112 9.6).
            String get = "GET /c HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n";
            c.send(get + get + get);
            for (int i = 0; i < 3; i++) {
                RawResponse r = c.readResponse(WAIT);
                assertThat(r.status()).as("response %d", i).isEqualTo(200);
                assertThat(r.body()).isEqualTo("bye");
                // Connection is hop-by-hop: the upstream closing is no reason to close the client.
                assertThat(r.header("connection")).isNull();
                assertThat(r.serverClosed()).isFalse();
            }
        }
        List<ReceivedRequest> got = backend.awaitRequests(3, WAIT);
        assertThat(got).extracting(ReceivedRequest::connectionId).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void forwardedHeaders(String protocol) {
        call(client(protocol), request("/none", "team-a").build());
        ReceivedRequest none = backend.awaitRequest(WAIT);
        assertThat(none.headers().getAll("x-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(none.headers().getAll("x-forwarded-proto")).containsExactly("http");
        backend.clear();

        call(client(protocol), request("/one", "team-a").header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-Proto", "https").build());
        ReceivedRequest one = backend.awaitRequest(WAIT);
        assertThat(one.headers().getAll("x-forwarded-for")).containsExactly("203.0.113.7, 127.0.0.1");
        // The client does not get to say how it reached us: this hop was plain http.
        assertThat(one.headers().getAll("x-forwarded-proto")).containsExactly("http");
        backend.clear();

        // Several header lines are one comma-separated list; none of the hops may be lost.
        call(client(protocol), request("/two", "team-a").addHeader("X-Forwarded-For", "203.0.113.7")
                .addHeader("X-Forwarded-For", "198.51.100.2, 192.0.2.1").build());
        assertThat(backend.awaitRequest(WAIT).headers().getAll("x-forwarded-for"))
                .containsExactly("203.0.113.7, 198.51.100.2, 192.0.2.1, 127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void requestIdKeptOrGenerated(String protocol) {
        Reply given = call(client(protocol), request("/given", "team-a").header("x-request-id", "req-abc-123").build());
        assertThat(given.status()).isEqualTo(200);
        assertThat(backend.awaitRequest(WAIT).headers().getAll("x-request-id")).containsExactly("req-abc-123");
        backend.clear();

        call(client(protocol), request("/gen1", "team-a").build());
        call(client(protocol), request("/gen2", "team-a").build());
        List<ReceivedRequest> got = backend.awaitRequests(2, WAIT);
        String id1 = got.get(0).header("x-request-id");
        String id2 = got.get(1).header("x-request-id");
        assertThat(id1).matches("[0-9a-f]{32}");
        assertThat(id2).matches("[0-9a-f]{32}").isNotEqualTo(id1);
        backend.clear();

        // Local replies carry the id too, in the header and the body.
        Reply rejected = call(client(protocol), request("/x", "nobody").header("x-request-id", "req-xyz").build());
        assertThat(rejected.status()).isEqualTo(404);
        assertThat(rejected.header("x-request-id")).isEqualTo("req-xyz");
        assertThat(rejected.json().get("request_id").asText()).isEqualTo("req-xyz");
        Reply generated = call(client(protocol), request("/x", "nobody").build());
        assertThat(generated.header("x-request-id")).matches("[0-9a-f]{32}");
        assertThat(generated.json().get("request_id").asText()).isEqualTo(generated.header("x-request-id"));
        assertThat(backend.requests()).isEmpty();
    }

    @ParameterizedTest(name = "client {0}, upstream {1}")
    @CsvSource({"h1, team-a", "h1, team-h2", "h2, team-a", "h2, team-h2"})
    void hostAndAuthorityArePreserved(String protocol, String tenant) {
        Reply r = call(client(protocol), request("/host?x=1", tenant).header("Host", "metrics.example.com:8080")
                .post(RequestBody.create(new byte[] {1, 2, 3})).build());
        assertThat(r.status()).isEqualTo(200);
        ReceivedRequest got = backend.awaitRequest(WAIT);
        assertThat(got.protocol()).isEqualTo(tenant.equals("team-h2") ? "HTTP/2" : "HTTP/1.1");
        assertThat(got.authority()).isEqualTo("metrics.example.com:8080");
        assertThat(got.headers().getAll("host")).hasSizeLessThanOrEqualTo(1);
        assertThat(got.path()).isEqualTo("/host?x=1");
        assertThat(got.bodyLength()).isEqualTo(3);
        // Netty's HTTP/2 <-> HTTP/1 conversion helpers must not leak onto the wire.
        assertThat(got.headers().names()).noneMatch(n -> n.startsWith("x-http2-"));
    }

    @ParameterizedTest(name = "client {0}, upstream {1}")
    @CsvSource({"h1, team-a", "h1, team-h2", "h2, team-a", "h2, team-h2"})
    void bodyFramingFollowsTheBody(String protocol, String tenant) {
        // A request without a body must not grow one (not even an empty chunked one) on the way.
        call(client(protocol), request("/get", tenant).build());
        ReceivedRequest get = backend.awaitRequest(WAIT);
        assertThat(get.headers().names()).doesNotContain("transfer-encoding", "content-length");
        assertThat(get.bodyLength()).isZero();
        backend.clear();

        // A streamed body of unknown length arrives whole, framed however the next hop needs.
        call(client(protocol), request("/stream", tenant).post(Clients.chunkedPatternBody(100_000)).build());
        ReceivedRequest post = backend.awaitRequest(WAIT);
        assertThat(post.bodyLength()).isEqualTo(100_000);
        assertThat(post.bodySha256()).isEqualTo(BytePattern.sha256Hex(100_000));
        if (post.protocol().equals("HTTP/1.1")) {
            assertThat(post.header("transfer-encoding")).isEqualTo("chunked");
        }
    }
}
