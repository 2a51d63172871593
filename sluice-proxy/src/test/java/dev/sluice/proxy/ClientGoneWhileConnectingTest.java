package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RecordingLeakDetector;
import dev.sluice.proxy.testing.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that sends a request and goes away while Sluice is still opening the upstream
 * connection, which then fails: the request Sluice held for that connection (head and body
 * buffers) must be released, not leaked. This is the path of a backend that is down while its
 * clients give up, the moment a proxy must not slowly run out of memory.
 */
class ClientGoneWhileConnectingTest {
    private static SluiceServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 1
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants: {team-down: down}
                clusters:
                  - {name: down, endpoints: [127.0.0.1:%d]}
                """.formatted(TestBackend.unusedPort())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theHeldRequestIsReleasedWhenTheConnectFailsAfterTheClientLeft() throws Exception {
        assertThat(RecordingLeakDetector.installed())
                .as("the test JVM runs with RecordingLeakDetector (sluice-proxy/pom.xml)").isTrue();
        int before = RecordingLeakDetector.collectAndCount();
        String body = "x".repeat(2000);
        for (int i = 0; i < 20; i++) {
            // Request and FIN in one read batch: the stream ends before the connect attempt does.
            try (RawConnection c = RawConnection.open("127.0.0.1", server.port("ingress"))) {
                c.send("POST /api/v1/push HTTP/1.1\r\nHost: sluice\r\nX-Scope-OrgID: team-down\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            }
        }
        Thread.sleep(300); // the connect attempts fail on the worker's loop after the closes
        assertThat(RecordingLeakDetector.collectAndCount() - before).as("buffers leaked").isZero();
    }
}
