package dev.sluice.proxy;

import static dev.sluice.proxy.ProxyTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend whose chunked response body breaks its framing and then keeps the connection open:
 * the client must see its response cut (the connection closed, no last chunk), never a clean
 * end. A backend that closed would be reset anyway; one that stays open is what shows the
 * decoder's failure is acted on.
 */
class MalformedUpstreamBodyTest {
    private ServerSocket backend;
    private Thread backendThread;
    private final CountDownLatch backendDone = new CountDownLatch(1);
    private SluiceServer server;

    @BeforeEach
    void start() throws Exception {
        backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        backendThread = new Thread(this::serveOneBadResponse, "bad-chunk-backend");
        backendThread.setDaemon(true);
        backendThread.start();
        server = SluiceServer.start(ProxyTestSupport.yaml("""
                admin: {address: 127.0.0.1:0}
                workers: 1
                listeners:
                  - name: ingress
                    address: 127.0.0.1:0
                    tenant_routing:
                      tenants:
                        team-a: bad
                clusters:
                  - name: bad
                    endpoints: [127.0.0.1:%d]
                """.formatted(backend.getLocalPort())));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        backendDone.countDown();
        backend.close();
    }

    /** Reads one request head, answers with a good chunk then a bad one, and holds the socket open. */
    private void serveOneBadResponse() {
        try (Socket s = backend.accept()) {
            InputStream in = s.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n3\r\nabcX").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            backendDone.await(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the test tears the socket down
        }
    }

    @Test
    void aBodyThatBreaksItsFramingIsCutNeverEndedCleanly() {
        try (RawConnection c = RawConnection.open("127.0.0.1", server.port("ingress"))) {
            RawResponse r = c.send("GET /q HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n").readResponse(WAIT);
            // The head, the good chunk and the bad one arrive in one read, so the client may get
            // nothing at all before the close, or the head and part of the body: never an end.
            assertThat(r.status()).isIn(-1, 200);
            assertThat(r.complete()).as("no last chunk after a broken upstream body").isFalse();
            assertThat(r.serverClosed()).as("the client connection is closed while the backend's stays open").isTrue();
        }
        assertThat(backendDone.getCount()).as("the backend still holds its connection open").isEqualTo(1);
    }
}
