package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static dev.sluice.proxy.ProxyTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawResponse;
import dev.sluice.proxy.testing.TestBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader-idle timeouts of both sides, when they fire and when they must not: a client
 * connection with no request in progress is closed after the listener's {@code idle_timeout}, a
 * pooled upstream connection after the cluster's; reading anything (even part of a request head)
 * starts the idle time again, and a request in progress is never cut by either.
 *
 * <p>The two timeouts differ (500 ms and 800 ms) so a test can tell which one closed a connection.
 * Times are measured from before the client's last send: Sluice's last read of that connection
 * (or its upstream) came later, so no close may come earlier than that plus the timeout.
 */
class IdleTimeoutTest {
    private static final Duration LISTENER_IDLE = Duration.ofMillis(500);
    private static final Duration CLUSTER_IDLE = Duration.ofMillis(800);
    /** Generous for a busy machine, still well below a second idle period's worth of lateness. */
    private static final Duration SLACK = Duration.ofMillis(1000);
    private static final String GET = "GET /api/v1/query HTTP/1.1\r\nHost: x\r\nX-Scope-OrgID: team-a\r\n\r\n";

    private TestBackend backend;
    private SluiceServer server;

    @BeforeEach
    void start() throws Exception {
        backend = TestBackend.start("blue");
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 1
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    idle_timeout: %dms
                    tenant_routing:
                      tenants:
                        team-a: blue
                clusters:
                  - name: blue
                    endpoints: [127.0.0.1:%d]
                    idle_timeout: %dms
                """.formatted(LISTENER_IDLE.toMillis(), backend.port(), CLUSTER_IDLE.toMillis())));
    }

    @AfterEach
    void stop() {
        server.close();
        backend.close();
    }

    private RawConnection open() {
        return RawConnection.open("127.0.0.1", server.port("ingress"));
    }

    @Test
    void anIdleKeepAliveClientConnectionIsClosedAfterTheListenerIdleTimeout() {
        try (RawConnection c = open()) {
            long sent = System.nanoTime();
            c.send(GET);
            RawResponse r = c.readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.serverClosed()).as("kept alive after the response").isFalse();
            assertThat(c.awaitServerClose(WAIT)).as("closed once idle").isTrue();
            assertThat(since(sent)).isBetween(LISTENER_IDLE, LISTENER_IDLE.plus(SLACK));
        }
    }

    @Test
    void aClientThatNeverSendsAByteIsClosedAfterTheListenerIdleTimeout() {
        // Before its first byte a connection has no protocol handler: the detector closes it.
        try (RawConnection c = open()) {
            long opened = System.nanoTime();
            assertThat(c.awaitServerClose(WAIT)).as("closed while silent").isTrue();
            // (Accepted around when the client connected: allow a little either side.)
            assertThat(since(opened)).isBetween(LISTENER_IDLE.minusMillis(50), LISTENER_IDLE.plus(SLACK));
        }
    }

    @Test
    void requestsEverySixTenthsOfTheIdleTimeoutKeepTheClientConnectionOpen() {
        Duration every = LISTENER_IDLE.multipliedBy(6).dividedBy(10);
        try (RawConnection c = open()) {
            long first = System.nanoTime();
            long sent = first;
            for (int i = 0; i < 6; i++) {
                sent = System.nanoTime();
                c.send(GET);
                RawResponse r = c.readResponse(WAIT); // includes 200 ms watching for a close
                assertThat(r.status()).as("request %d", i).isEqualTo(200);
                assertThat(r.serverClosed()).as("open after request %d", i).isFalse();
                sleepUntil(sent + every.toNanos());
            }
            assertThat(since(first)).as("several idle periods passed").isGreaterThan(LISTENER_IDLE.multipliedBy(3));
            // Each request started the idle time again; once they stop, the timeout applies.
            assertThat(c.awaitServerClose(WAIT)).isTrue();
            assertThat(since(sent)).isGreaterThanOrEqualTo(LISTENER_IDLE);
        }
        // The upstream connection was never idle for the cluster's timeout either: reused throughout.
        assertThat(backend.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void aRequestHeadSentSlowlyIsNotIdle() {
        // No step completes a request (so the handler behind the codec sees no message), but every
        // read counts as activity, as it did when IdleStateHandler sat in front of the codec.
        byte[] head = GET.getBytes(StandardCharsets.US_ASCII);
        Duration pause = LISTENER_IDLE.multipliedBy(6).dividedBy(10);
        int perStep = (head.length + 4) / 5; // five steps: four pauses, more than two idle periods
        try (RawConnection c = open()) {
            long started = System.nanoTime();
            assertThat(c.trickle(head, perStep, pause)).isEqualTo(head.length);
            assertThat(since(started)).isGreaterThan(LISTENER_IDLE.multipliedBy(2));
            RawResponse r = c.readResponse(WAIT);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.serverClosed()).isFalse();
        }
    }

    @Test
    void aResponseSlowerThanBothIdleTimeoutsIsNotCutShort() {
        // Neither connection reads anything while the backend thinks: the client's request is in
        // progress and the upstream connection is leased, so neither timeout may close them.
        Duration think = CLUSTER_IDLE.plus(LISTENER_IDLE).plusMillis(100);
        backend.behavior(Behavior.delay(think));
        try (RawConnection c = open()) {
            long sent = System.nanoTime();
            c.send(GET);
            RawResponse r = c.readResponse(WAIT);
            assertThat(r.complete()).isTrue();
            assertThat(r.status()).isEqualTo(200);
            assertThat(since(sent)).isGreaterThanOrEqualTo(think);
        }
        assertThat(backend.connectionsAccepted()).as("no retry on a new connection").isEqualTo(1);
        assertThat(backend.requests()).hasSize(1);
    }

    @Test
    void anIdlePooledUpstreamConnectionIsClosedAfterTheClusterIdleTimeout() {
        long sent;
        try (RawConnection c = open()) {
            sent = System.nanoTime();
            c.send(GET);
            assertThat(c.readResponse(WAIT).status()).isEqualTo(200);
        }
        assertThat(backend.openConnections()).as("pooled after the exchange").isEqualTo(1);
        await("the pooled upstream connection to close", WAIT, () -> backend.openConnections() == 0);
        // The cluster's timeout, not the listener's shorter one.
        assertThat(since(sent)).isBetween(CLUSTER_IDLE, CLUSTER_IDLE.plus(SLACK));
    }

    @Test
    void anIdleH2cClientConnectionIsStillClosedAfterTheListenerIdleTimeout() {
        // HTTP/2 keeps Netty's IdleStateHandler: the preface and an empty SETTINGS frame, then nothing.
        byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
        try (RawConnection c = open()) {
            long sent = System.nanoTime();
            c.send(preface).send(settings);
            assertThat(c.awaitServerClose(WAIT)).as("closed once idle").isTrue();
            assertThat(since(sent)).isBetween(LISTENER_IDLE, LISTENER_IDLE.plus(SLACK));
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static void sleepUntil(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
