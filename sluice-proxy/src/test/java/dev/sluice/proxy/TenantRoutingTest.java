package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static dev.sluice.proxy.ProxyTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.ProxyTestSupport.Reply;
import dev.sluice.proxy.testing.BodyDigest;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawResponse;
import dev.sluice.proxy.testing.ReceivedRequest;
import dev.sluice.proxy.testing.TestBackend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which backend a request reaches: per-tenant clusters, the read/write split, fallbacks for
 * missing and unknown tenants, and generic routes ahead of tenant routing. Every case runs over
 * HTTP/1.1 and h2c, and checks that exactly one backend saw the request, unchanged.
 */
class TenantRoutingTest {
    private static final List<TestBackend> ALL = new ArrayList<>();
    private static TestBackend blue, green, writes, reads, missing, unknown, health, canary, special, first;
    private static SluiceServer server;
    private static OkHttpClient http1, h2c;

    @BeforeAll
    static void start() throws Exception {
        blue = backend("blue");
        green = backend("green");
        writes = backend("writes");
        reads = backend("reads");
        missing = backend("missing");
        unknown = backend("unknown");
        health = backend("health");
        canary = backend("canary");
        special = backend("special");
        first = backend("first");
        StringBuilder clusters = new StringBuilder();
        for (TestBackend b : ALL) {
            clusters.append("  - name: %s\n    endpoints: [127.0.0.1:%d]\n".formatted(b.name(), b.port()));
        }
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 2
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    routes:
                      - name: healthz
                        match: {path_exact: /healthz, methods: [GET, HEAD]}
                        cluster: health
                      - name: canary
                        match:
                          path_prefix: /api/
                          headers:
                            - {name: X-Canary, prefix: v2}
                            - {name: x-internal, present: true, invert: true}
                        cluster: canary
                      - name: special
                        match: {path_regex: "/special/[0-9]+"}
                        cluster: special
                      - name: first-of-two
                        match: {path_prefix: /both/, headers: [{name: x-pick, exact: "1"}]}
                        cluster: first
                      - name: second-of-two
                        match: {path_prefix: /both/}
                        cluster: canary
                    tenant_routing:
                      tenants:
                        team-a: blue
                        team-b: green
                        team-split: {write: writes, read: reads}
                        "équipe-ü": green
                      missing_tenant: {default_cluster: missing}
                      unknown_tenant: {default_cluster: unknown}
                clusters:
                """ + clusters));
        http1 = Clients.http1();
        h2c = Clients.h2c();
    }

    private static TestBackend backend(String name) {
        TestBackend b = TestBackend.start(name);
        ALL.add(b);
        return b;
    }

    @AfterAll
    static void stop() {
        Clients.shutdown(http1);
        Clients.shutdown(h2c);
        server.close();
        ALL.forEach(TestBackend::close);
    }

    @Test
    void aNonAsciiTenantIdMatchesTheUtf8BytesAClientSends() {
        String utf8 = new String("\u00e9quipe-\u00fc".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String latin1 = "\u00e9quipe-\u00fc"; // the same id sent as Latin-1 bytes: another tenant
        try (RawConnection c = RawConnection.open("127.0.0.1", server.port("ingress"))) {
            RawResponse r = c.send("GET /utf8 HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: " + utf8 + "\r\n\r\n").readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
            r = c.send("GET /latin1 HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: " + latin1 + "\r\n\r\n").readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
        }
        assertThat(green.requests()).extracting(ReceivedRequest::path).containsExactly("/utf8");
        assertThat(unknown.requests()).extracting(ReceivedRequest::path).containsExactly("/latin1");
    }

    @BeforeEach
    void clear() {
        ALL.forEach(TestBackend::clear);
    }

    private static OkHttpClient client(String protocol) {
        return protocol.equals("h2") ? h2c : http1;
    }

    private static String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port("ingress") + pathAndQuery;
    }

    /**
     * Sends one request and asserts it reached {@code expected} and no other backend, with
     * method, path, query and body intact; returns what the backend saw.
     */
    private static ReceivedRequest expectRoutedTo(TestBackend expected, String protocol, String method,
            String pathAndQuery, String tenantHeader, String tenant, String... extraHeaders) {
        byte[] body = null;
        if (!method.equals("GET") && !method.equals("HEAD")) {
            body = new byte[1000 + new Random().nextInt(3000)];
            new Random().nextBytes(body);
        }
        Request.Builder rb = new Request.Builder().url(url(pathAndQuery))
                .method(method, body == null ? null : RequestBody.create(body));
        if (tenant != null) {
            rb.header(tenantHeader, tenant);
        }
        for (int i = 0; i < extraHeaders.length; i += 2) {
            rb.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        Reply reply = call(client(protocol), rb.build());
        assertThat(reply.status()).as("status of %s %s", method, pathAndQuery).isEqualTo(200);
        assertThat(reply.header("x-backend")).as("backend answering %s %s", method, pathAndQuery)
                .isEqualTo(expected.name());
        ReceivedRequest got = expected.awaitRequest(WAIT);
        for (TestBackend other : ALL) {
            if (other != expected) {
                assertThat(other.requests()).as("requests reaching %s", other.name()).isEmpty();
            }
        }
        assertThat(expected.requests()).hasSize(1);
        assertThat(got.method()).isEqualTo(method);
        assertThat(got.path()).isEqualTo(pathAndQuery);
        assertThat(got.complete()).isTrue();
        if (body == null) {
            assertThat(got.bodyLength()).isZero();
        } else {
            assertThat(got.bodyLength()).isEqualTo(body.length);
            assertThat(got.bodySha256()).isEqualTo(BodyDigest.sha256Hex(body));
        }
        expected.clear();
        return got;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void eachTenantReachesItsOwnBackend(String protocol) {
        for (int i = 0; i < 3; i++) {
            ReceivedRequest a = expectRoutedTo(blue, protocol, "POST", "/api/v1/push?batch=" + i, "X-Scope-OrgID",
                    "team-a");
            assertThat(a.header("X-Scope-OrgID")).isEqualTo("team-a");
            ReceivedRequest b = expectRoutedTo(green, protocol, "GET", "/api/v1/query?query=up%7Bjob%3D%22x%22%7D&t=" + i,
                    "X-Scope-OrgID", "team-b");
            assertThat(b.header("X-Scope-OrgID")).isEqualTo("team-b");
            expectRoutedTo(green, protocol, "PUT", "/some/other/path?x=1&x=2", "X-Scope-OrgID", "team-b");
            expectRoutedTo(blue, protocol, "DELETE", "/api/v1/admin/tsdb", "X-Scope-OrgID", "team-a");
        }
    }

    static Stream<Arguments> splitCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String protocol : List.of("h1", "h2")) {
            cases.add(Arguments.of(protocol, "POST", "/api/v1/push", "writes"));
            cases.add(Arguments.of(protocol, "POST", "/api/v1/write", "writes"));
            cases.add(Arguments.of(protocol, "POST", "/otlp/v1/metrics", "writes"));
            cases.add(Arguments.of(protocol, "POST", "/loki/api/v1/push", "writes"));
            cases.add(Arguments.of(protocol, "POST", "/v1/traces", "writes"));
            cases.add(Arguments.of(protocol, "GET", "/api/v1/query?query=up", "reads"));
            cases.add(Arguments.of(protocol, "POST", "/api/v1/read", "reads"));
            cases.add(Arguments.of(protocol, "GET", "/loki/api/v1/query_range?query=%7Bapp%3D%22a%22%7D", "reads"));
            // A GET on a write path is not an ingest: it stays on the read side.
            cases.add(Arguments.of(protocol, "GET", "/api/v1/push", "reads"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("splitCases")
    void readWriteSplit(String protocol, String method, String path, String expected) {
        TestBackend target = expected.equals("writes") ? writes : reads;
        expectRoutedTo(target, protocol, method, path, "X-Scope-OrgID", "team-split");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void missingAndUnknownTenantsFallBackToTheirDefaultClusters(String protocol) {
        expectRoutedTo(missing, protocol, "POST", "/api/v1/push", "X-Scope-OrgID", null);
        // An empty tenant header counts as missing.
        expectRoutedTo(missing, protocol, "GET", "/api/v1/query", "X-Scope-OrgID", "");
        expectRoutedTo(unknown, protocol, "POST", "/api/v1/push", "X-Scope-OrgID", "team-zzz");
        // Tenant ids are exact: only the header name is case-insensitive.
        expectRoutedTo(unknown, protocol, "GET", "/api/v1/query", "X-Scope-OrgID", "TEAM-A");
        // Another header carrying the tenant does not count.
        expectRoutedTo(missing, protocol, "GET", "/api/v1/query", "X-Tenant", "team-a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void tenantHeaderNameIsCaseInsensitive(String protocol) {
        for (String name : List.of("x-scope-orgid", "X-SCOPE-ORGID", "x-Scope-OrgId")) {
            expectRoutedTo(blue, protocol, "GET", "/api/v1/labels", name, "team-a");
            expectRoutedTo(writes, protocol, "POST", "/api/v1/push", name, "team-split");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h1", "h2"})
    void genericRoutesMatchPathsAndHeadersBeforeTenantRouting(String protocol) {
        // path_exact with a method list, ahead of a tenant that would go elsewhere
        expectRoutedTo(health, protocol, "GET", "/healthz", "X-Scope-OrgID", "team-a");
        expectRoutedTo(health, protocol, "GET", "/healthz?verbose=1", "X-Scope-OrgID", null);
        // exact means exact, and the method list is enforced: both fall through to the tenant
        expectRoutedTo(blue, protocol, "GET", "/healthz/deep", "X-Scope-OrgID", "team-a");
        expectRoutedTo(blue, protocol, "POST", "/healthz", "X-Scope-OrgID", "team-a");

        // prefix + header prefix + inverted presence: all conditions must hold
        expectRoutedTo(canary, protocol, "POST", "/api/v1/push", "X-Scope-OrgID", "team-split", "x-canary", "v2-beta");
        expectRoutedTo(canary, protocol, "GET", "/api/v1/query", "X-Scope-OrgID", "team-a", "X-CANARY", "v2");
        expectRoutedTo(writes, protocol, "POST", "/api/v1/push", "X-Scope-OrgID", "team-split", "x-canary", "v1");
        expectRoutedTo(writes, protocol, "POST", "/api/v1/push", "X-Scope-OrgID", "team-split",
                "x-canary", "v2", "x-internal", "yes");
        expectRoutedTo(blue, protocol, "GET", "/apiv2", "X-Scope-OrgID", "team-a", "x-canary", "v2");

        // regex matches the whole path, without the query
        expectRoutedTo(special, protocol, "GET", "/special/12345?x=abc", "X-Scope-OrgID", "team-b");
        expectRoutedTo(green, protocol, "GET", "/special/12a", "X-Scope-OrgID", "team-b");
        expectRoutedTo(green, protocol, "GET", "/special/1/2", "X-Scope-OrgID", "team-b");

        // first match wins between two routes that both match
        expectRoutedTo(first, protocol, "GET", "/both/x", "X-Scope-OrgID", "team-a", "x-pick", "1");
        expectRoutedTo(canary, protocol, "GET", "/both/x", "X-Scope-OrgID", "team-a", "x-pick", "2");
        expectRoutedTo(canary, protocol, "GET", "/both/x", "X-Scope-OrgID", null);
    }
}
