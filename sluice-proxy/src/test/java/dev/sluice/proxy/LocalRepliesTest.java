package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static dev.sluice.proxy.ProxyTestSupport.assertNothingReached;
import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.proxy.ProxyTestSupport.Reply;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.RawResponse;
import dev.sluice.proxy.testing.TestBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reply Sluice makes itself: exact status, the JSON body, {@code x-sluice-cause}, and,
 * for requests that must not reach a backend, proof that none did.
 */
class LocalRepliesTest {
    private static TestBackend ok, slow, reset, garbage;
    private static SluiceServer server;
    private static OkHttpClient http1, h2c;

    @BeforeAll
    static void start() throws Exception {
        ok = TestBackend.start("ok");
        slow = TestBackend.start("slow", Behavior.delay(Duration.ofSeconds(3)));
        reset = TestBackend.start("reset", Behavior.closeWithoutResponse());
        garbage = TestBackend.start("garbage", Behavior.garbage());
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 2
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    limits: {max_body_bytes: 1000, max_header_bytes: 4KiB, max_initial_line_bytes: 1KiB}
                    tenant_routing:
                      tenants:
                        team-a: ok
                        team-down: down
                        team-slow: slow
                        team-reset: reset
                        team-garbage: garbage
                  - name: routes-only
                    address: 127.0.0.1:0
                    routes:
                      - match: {path_prefix: /only/}
                        cluster: ok
                clusters:
                  - {name: ok, endpoints: [127.0.0.1:%d]}
                  - {name: down, endpoints: [127.0.0.1:%d]}
                  - {name: slow, endpoints: [127.0.0.1:%d], response_timeout: 300ms}
                  - {name: reset, endpoints: [127.0.0.1:%d]}
                  - {name: garbage, endpoints: [127.0.0.1:%d]}
                """.formatted(ok.port(), TestBackend.unusedPort(), slow.port(), reset.port(), garbage.port())));
        http1 = Clients.http1();
        h2c = Clients.h2c();
    }

    @AfterAll
    static void stop() {
        Clients.shutdown(http1);
        Clients.shutdown(h2c);
        server.close();
        for (TestBackend b : List.of(ok, slow, reset, garbage)) {
            b.close();
        }
    }

    @BeforeEach
    void clear() {
        for (TestBackend b : List.of(ok, slow, reset, garbage)) {
            b.clear();
        }
    }

    private static Reply send(String protocol, String listener, String path, String tenant,
            UnaryOperator<Request.Builder> more) {
        Request.Builder rb = new Request.Builder().url("http://127.0.0.1:" + server.port(listener) + path);
        if (tenant != null) {
            rb.header("X-Scope-OrgID", tenant);
        }
        return call(protocol.equals("h2") ? h2c : http1, more.apply(rb).build());
    }

    private static Reply send(String protocol, String path, String tenant) {
        return send(protocol, "ingress", path, tenant, UnaryOperator.identity());
    }

    /** Checks status, cause header and JSON body of a local reply; returns the body. */
    static JsonNode assertLocalReply(int status, String cause, String tenant, String cluster,
            UnaryOperator<String> header, String body) {
        assertThat(header.apply("x-sluice-cause")).as("x-sluice-cause").isEqualTo(cause);
        assertThat(header.apply("content-type")).isEqualTo("application/json");
        JsonNode json;
        try {
            json = ProxyTestSupport.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
        assertThat(json.get("cause").asText()).isEqualTo(cause);
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("message").asText()).isNotBlank();
        assertThat(json.get("tenant").isNull() ? null : json.get("tenant").asText()).as("tenant").isEqualTo(tenant);
        assertThat(json.get("cluster").isNull() ? null : json.get("cluster").asText()).as("cluster").isEqualTo(cluster);
        assertThat(json.get("request_id").asText()).matches("[0-9a-f]{32}")
                .isEqualTo(header.apply("x-request-id"));
        return json;
    }

    static void assertLocalReply(Reply r, int status, String cause, String tenant, String cluster) {
        assertThat(r.status()).as("status (body %s)", r.body()).isEqualTo(status);
        assertLocalReply(status, cause, tenant, cluster, r::header, r.body());
    }

    /** A raw HTTP/1.1 exchange answered by Sluice with {@code cause}, on a connection it then closed. */
    private static void assertRejectedAndClosed(String raw, int status, String cause) {
        assertRejectedAndClosed(raw, status, cause, null);
    }

    private static void assertRejectedAndClosed(String raw, int status, String cause, String cluster) {
        RawResponse r = RawHttp.send("127.0.0.1", server.port("ingress"), raw, WAIT);
        assertThat(r.status()).as("status for %s", raw).isEqualTo(status);
        assertThat(r.header("x-sluice-cause")).isEqualTo(cause);
        assertThat(r.header("connection")).isEqualToIgnoringCase("close");
        assertThat(r.serverClosed()).isTrue();
        // The tenant is whatever header value got parsed before the failure: not asserted.
        assertLocalReply(status, cause, json(r).get("tenant").isNull() ? null : json(r).get("tenant").asText(),
                cluster, r::header, r.body());
        assertNothingReached(ok);
    }

    private static JsonNode json(RawResponse r) {
        try {
            return ProxyTestSupport.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(r.text(), e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void tenantRejections(String protocol) {
        assertLocalReply(send(protocol, "/api/v1/push", null), 400, "missing_tenant", null, null);
        // An empty tenant header counts as missing; the body shows what was sent.
        assertLocalReply(send(protocol, "/api/v1/push", ""), 400, "missing_tenant", "", null);
        assertLocalReply(send(protocol, "/api/v1/push", "nobody"), 404, "unknown_tenant", "nobody", null);
        assertLocalReply(send(protocol, "routes-only", "/other", "team-a", UnaryOperator.identity()),
                404, "no_route", null, null);
        assertNothingReached(ok);
        // The same listener still routes what a route matches.
        assertThat(send(protocol, "routes-only", "/only/x", null, UnaryOperator.identity()).status()).isEqualTo(200);
        assertThat(ok.awaitRequest(WAIT).path()).isEqualTo("/only/x");
    }

    @Test
    void rejectedRequestBodyIsDiscardedAndTheConnectionKept() {
        try (RawConnection c = RawConnection.open("127.0.0.1", server.port("ingress"))) {
            RawResponse r = c.send("POST /api/v1/push HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: nobody\r\n"
                    + "Content-Length: 11\r\n\r\nhello world").readResponse(WAIT);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.serverClosed()).isFalse();
            r = c.send("GET /q HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n").readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("backend=ok method=GET path=/q\n");
        }
        assertThat(ok.awaitRequest(WAIT).path()).isEqualTo("/q");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void upstreamFailures(String protocol) {
        assertLocalReply(send(protocol, "/api/v1/push", "team-down"), 503, "upstream_connect_failure", "team-down",
                "down");
        assertLocalReply(send(protocol, "/r", "team-reset"), 502, "upstream_reset", "team-reset", "reset");
        assertThat(reset.awaitRequest(WAIT).path()).isEqualTo("/r");
        assertLocalReply(send(protocol, "/g", "team-garbage"), 502, "bad_upstream_response", "team-garbage",
                "garbage");
        assertThat(garbage.awaitRequest(WAIT).path()).isEqualTo("/g");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void upstreamTimeout(String protocol) {
        long start = System.nanoTime();
        assertLocalReply(send(protocol, "/slow", "team-slow"), 504, "upstream_timeout", "team-slow", "slow");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(2));
        assertThat(slow.awaitRequest(WAIT).path()).isEqualTo("/slow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void bodyOverTheLimitByContentLength(String protocol) {
        Reply r = send(protocol, "ingress", "/api/v1/push", "team-a",
                b -> b.post(RequestBody.create(new byte[1001])));
        assertLocalReply(r, 413, "body_too_large", "team-a", "ok");
        assertNothingReached(ok);
        // Exactly at the limit is fine.
        r = send(protocol, "ingress", "/api/v1/push", "team-a", b -> b.post(RequestBody.create(new byte[1000])));
        assertThat(r.status()).isEqualTo(200);
        assertThat(ok.awaitRequest(WAIT).bodyLength()).isEqualTo(1000);
    }

    @Test
    void bodyOverTheLimitByContentLengthClosesTheConnection() {
        assertRejectedAndClosed("POST /api/v1/push HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n"
                + "Content-Length: 5000\r\n\r\n", 413, "body_too_large", "ok");
    }

    @Test
    void chunkedBodyGrowingOverTheLimit() {
        String chunk = "258\r\n" + "x".repeat(600) + "\r\n";
        RawResponse r;
        try (RawConnection c = RawConnection.open("127.0.0.1", server.port("ingress"))) {
            c.send("POST /api/v1/push HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunk + chunk + chunk + "0\r\n\r\n");
            r = c.readResponse(WAIT);
        }
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.serverClosed()).isTrue();
        assertLocalReply(413, "body_too_large", "team-a", "ok", r::header, r.body());
        // Part of the body may have been streamed already, but the backend must never see it end.
        ProxyTestSupport.await("upstream connection closed", WAIT, () -> ok.openConnections() == 0);
        assertThat(ok.requests()).allSatisfy(req -> {
            assertThat(req.complete()).isFalse();
            assertThat(req.bodyLength()).isLessThanOrEqualTo(1000);
        });
    }

    @Test
    void aMalformedChunkIsA400AndTheBackendNeverSeesTheBodyEnd() throws InterruptedException {
        RawResponse r;
        try (RawConnection c = RawConnection.open("127.0.0.1", server.port("ingress"))) {
            // The first chunk is framed right and may be streamed; the second lacks its CRLF.
            c.send("POST /api/v1/push HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nabcX\r\n0\r\n\r\n");
            r = c.readResponse(WAIT);
        }
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.serverClosed()).isTrue();
        assertLocalReply(400, "malformed_request", "team-a", "ok", r::header, r.body());
        // Whatever was streamed before the bad chunk must never end cleanly at the backend (other
        // tests' idle pooled connections stay open, so this gives a late write time to land instead).
        Thread.sleep(300);
        assertThat(ok.requests()).allSatisfy(req -> assertThat(req.complete()).isFalse());
    }

    @Test
    void headersAndRequestLineTooLarge() {
        assertRejectedAndClosed("GET / HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\nX-Big: "
                + "a".repeat(8000) + "\r\n\r\n", 431, "headers_too_large");
        assertRejectedAndClosed("GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n",
                414, "request_line_too_long");
    }

    @Test
    void malformedRequestsAreRejectedAndTheConnectionClosed() {
        String head = "POST /api/v1/push HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n";
        // Conflicting framing: the classic request smuggling vector.
        assertRejectedAndClosed(head + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                400, "malformed_request");
        assertRejectedAndClosed(head + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400, "malformed_request");
        assertRejectedAndClosed(head + "Transfer-Encoding: gzip\r\n\r\n", 400, "malformed_request");
        // Bad header bytes.
        assertRejectedAndClosed(head + "X-Bad : v\r\nContent-Length: 0\r\n\r\n", 400, "malformed_request");
        assertRejectedAndClosed(head + "X-Bad: a\u0000b\r\nContent-Length: 0\r\n\r\n", 400, "malformed_request");
        assertRejectedAndClosed(head + "X-Bad: a\u0001b\r\nContent-Length: 0\r\n\r\n", 400, "malformed_request");
        assertRejectedAndClosed(head + "X Bad: v\r\nContent-Length: 0\r\n\r\n", 400, "malformed_request");
        assertRejectedAndClosed(head + "X-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n", 400, "malformed_request");
        assertRejectedAndClosed(head + "Content-Length: 1x\r\n\r\n", 400, "malformed_request");
        assertRejectedAndClosed("POST /api/v1/push HTTP/1.0\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "malformed_request");
        assertRejectedAndClosed("GET /a\u0001b HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n",
                400, "malformed_request");
    }

    @Test
    void headRequestGetsTheReplyWithoutABody() {
        RawResponse r = RawHttp.send("127.0.0.1", server.port("ingress"),
                "HEAD /x HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: nobody\r\n\r\n", WAIT);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("x-sluice-cause")).isEqualTo("unknown_tenant");
        assertThat(r.body()).isEmpty();
        assertNothingReached(ok);
    }
}
