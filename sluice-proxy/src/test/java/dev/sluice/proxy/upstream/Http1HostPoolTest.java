package dev.sluice.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.HostPort;
import dev.sluice.proxy.listener.Transport;
import dev.sluice.proxy.stats.ProxyStats;
import dev.sluice.proxy.testing.TestBackend;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 pool against a real backend on a real event loop. */
class Http1HostPoolTest {
    private TestBackend backend;
    private EventLoopGroup group;
    private EventLoop loop;
    private Http1HostPool pool;

    @BeforeEach
    void start() throws Exception {
        backend = TestBackend.start("b");
        Cluster cluster = ConfigLoader.parse("""
                listeners: [{name: l, address: 127.0.0.1:0, routes: [{name: all, match: {path_prefix: /}, cluster: b}]}]
                clusters: [{name: b, endpoints: [127.0.0.1:%d]}]
                """.formatted(backend.port()), "test").clusters().get(0);
        group = Transport.newGroup(1, new DefaultThreadFactory("pool-test", true));
        loop = group.next();
        UpstreamHost host = new UpstreamHost(new HostPort("127.0.0.1", backend.port()), 1, 0);
        pool = new Http1HostPool(host, loop, cluster, new ProxyStats().cluster("b"),
                new ClusterBreakers(cluster.resilience().breakers(), null));
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        backend.close();
    }

    @Test
    void aConnectionReleasedWhileItsReadsWerePausedReadsAgainForTheNextExchange() throws Exception {
        // The first exchange pauses upstream reads (as backpressure from a slow client does) and
        // finishes in that same read batch, so the connection goes back to the pool paused.
        Exchange first = exchange(true);
        assertThat(first.status.get(5, TimeUnit.SECONDS)).isEqualTo(200);

        Exchange second = exchange(false);
        assertThat(second.status.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(second.lease.reused()).as("the same pooled connection").isTrue();
        assertThat(backend.requests()).hasSize(2);
    }

    /** Leases a connection on the loop, sends a GET, and completes with the response status. */
    private Exchange exchange(boolean pauseReadsAtTheEnd) {
        Exchange e = new Exchange(pauseReadsAtTheEnd);
        loop.execute(() -> pool.acquire(e, e));
        return e;
    }

    private static final class Exchange implements ResponseListener, AcquireCallback {
        final CompletableFuture<Integer> status = new CompletableFuture<>();
        final boolean pauseReadsAtTheEnd;
        UpstreamLease lease;
        int code;

        Exchange(boolean pauseReadsAtTheEnd) {
            this.pauseReadsAtTheEnd = pauseReadsAtTheEnd;
        }

        @Override
        public void onLease(UpstreamLease lease) {
            this.lease = lease;
            DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
            req.headers().set(HttpHeaderNames.HOST, "b");
            lease.channel().writeAndFlush(req);
        }

        @Override
        public void onLeaseFailure(boolean overflow, Throwable failure) {
            status.completeExceptionally(failure != null ? failure : new IllegalStateException("overflow"));
        }

        @Override
        public void onResponseObject(HttpObject msg) {
            if (msg instanceof HttpResponse res) {
                code = res.status().code();
            }
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                if (pauseReadsAtTheEnd) {
                    lease.channel().config().setAutoRead(false);
                }
                lease.release(true);
                status.complete(code);
            }
        }

        @Override
        public void onResponseReadComplete() {}

        @Override
        public void onUpstreamWritability(boolean writable) {}

        @Override
        public void onUpstreamClosed(Throwable cause) {
            status.completeExceptionally(cause != null ? cause : new IllegalStateException("closed"));
        }
    }
}
