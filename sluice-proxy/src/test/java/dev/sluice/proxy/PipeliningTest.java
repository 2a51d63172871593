package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.TenantFallback;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawResponse;
import dev.sluice.proxy.testing.TestBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 pipelining: requests sent back to back on one connection get their responses in order. */
class PipeliningTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TENANT = "X-Scope-OrgID: team-a\r\n";

    private static TestBackend backend;
    private static SluiceServer sluice;

    @BeforeAll
    static void start() throws Exception {
        // /slow answers late, anything else at once: a proxy that answered as responses arrive
        // would put the fast one first.
        Behavior slowOrFast = exchange -> exchange.path().startsWith("/slow")
                ? Behavior.delay(Duration.ofMillis(300)).onRequest(exchange)
                : Behavior.standard().onRequest(exchange);
        backend = TestBackend.start("pipe", slowOrFast);
        sluice = SluiceServer.start(TestConfigs.bootstrap(
                List.of(TestConfigs.listener("ingress", List.of(),
                        TestConfigs.tenants(Map.of("team-a", new String[] {"pipe", "pipe"}),
                                TenantFallback.REJECT, TenantFallback.REJECT))),
                List.of(TestConfigs.cluster("pipe", backend.port()))));
    }

    @AfterAll
    static void stop() {
        sluice.close();
        backend.close();
    }

    private static RawConnection raw() {
        return RawConnection.open("127.0.0.1", sluice.port("ingress"));
    }

    @Test
    void twoPipelinedRequestsGetTwoResponsesInOrder() {
        try (RawConnection connection = raw()) {
            connection.send("GET /slow/first HTTP/1.1\r\nHost: t\r\n" + TENANT + "\r\n"
                    + "GET /second HTTP/1.1\r\nHost: t\r\n" + TENANT + "\r\n");
            RawResponse first = connection.readResponse(WAIT);
            RawResponse second = connection.readResponse(WAIT);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("backend=pipe method=GET path=/slow/first\n");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("backend=pipe method=GET path=/second\n");
            assertThat(second.serverClosed()).isFalse();
            // The connection is still good for a third request.
            RawResponse third = connection.send("GET /third HTTP/1.1\r\nHost: t\r\n" + TENANT + "\r\n")
                    .readResponse(WAIT);
            assertThat(third.body()).isEqualTo("backend=pipe method=GET path=/third\n");
        }
    }

    @Test
    void pipelinedRequestsWithBodiesAndALocalReplyStayInOrder() {
        String post = "POST /slow/push HTTP/1.1\r\nHost: t\r\n" + TENANT + "Content-Length: 5\r\n\r\nhello";
        String unknownTenant = "GET /nobody HTTP/1.1\r\nHost: t\r\nX-Scope-OrgID: nobody\r\n\r\n";
        String last = "POST /last HTTP/1.1\r\nHost: t\r\n" + TENANT
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        try (RawConnection connection = raw()) {
            connection.send(post + unknownTenant + last);
            RawResponse first = connection.readResponse(WAIT);
            RawResponse second = connection.readResponse(WAIT);
            RawResponse third = connection.readResponse(WAIT);
            assertThat(first.body()).isEqualTo("backend=pipe method=POST path=/slow/push\n");
            assertThat(second.status()).isEqualTo(404);
            assertThat(second.header("x-sluice-cause")).isEqualTo("unknown_tenant");
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.body()).isEqualTo("backend=pipe method=POST path=/last\n");
        }
    }
}
