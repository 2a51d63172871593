package dev.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.model.TenantFallback;
import dev.sluice.proxy.testing.Behavior;
import dev.sluice.proxy.testing.Clients;
import dev.sluice.proxy.testing.RawConnection;
import dev.sluice.proxy.testing.RawHttp;
import dev.sluice.proxy.testing.RawResponse;
import dev.sluice.proxy.testing.TestBackend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: while {@code shutdown(drain)} runs, /ready answers 503, new connections are
 * refused, idle HTTP/1.1 keep-alive connections are closed, requests in flight (HTTP/1.1 and h2)
 * complete with 200, and the h2 client is told with a GOAWAY.
 */
class DrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SLOW = Duration.ofMillis(1500);

    private TestBackend backend;
    private SluiceServer sluice;
    private EventLoopGroup h2Group;
    /** Own threads: on 2 cores the common pool has one, and shutdown would queue behind a blocking call. */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        // Paths under /slow answer after SLOW, the rest at once.
        backend = TestBackend.start("drain", exchange -> exchange.path().startsWith("/slow")
                ? Behavior.delay(SLOW).onRequest(exchange) : Behavior.standard().onRequest(exchange));
        sluice = SluiceServer.start(TestConfigs.bootstrap(
                List.of(TestConfigs.listener("ingress", List.of(),
                        TestConfigs.tenants(Map.of("team-a", new String[] {"drain", "drain"}),
                                TenantFallback.REJECT, TenantFallback.REJECT))),
                List.of(TestConfigs.cluster("drain", backend.port()))));
        h2Group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        sluice.close();
        backend.close();
        h2Group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        threads.shutdownNow();
    }

    private int port() {
        return sluice.port("ingress");
    }

    @Test
    void drainFinishesInFlightRequestsAndClosesTheRest() throws Exception {
        int port = port();
        int adminPort = sluice.adminPort();
        assertThat(admin(adminPort, "/ready").status()).isEqualTo(200);

        // An idle keep-alive HTTP/1.1 connection.
        RawConnection idle = RawConnection.open("127.0.0.1", port);
        assertThat(idle.send("GET /fast HTTP/1.1\r\nHost: t\r\nX-Scope-OrgID: team-a\r\n\r\n")
                .readResponse(WAIT).status()).isEqualTo(200);

        // A slow HTTP/1.1 request in flight.
        OkHttpClient http1 = Clients.http1();
        CompletableFuture<Response> h1 = CompletableFuture.supplyAsync(() -> {
            try {
                return http1.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/slow/h1")
                        .header("X-Scope-OrgID", "team-a").build()).execute();
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }, threads);

        // A slow h2 stream in flight, on a client that records GOAWAY.
        H2Client h2 = H2Client.connect(h2Group, port);
        CompletableFuture<String> h2Stream = h2.get("/slow/h2");

        backend.awaitRequests(3, WAIT); // both slow requests reached the backend

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> sluice.shutdown(WAIT), threads);

        awaitTrue(() -> admin(adminPort, "/ready").status() == 503, "/ready turns 503");
        awaitTrue(() -> refused(port), "listener stops accepting");
        assertThat(idle.awaitServerClose(WAIT)).as("idle keep-alive connection closed").isTrue();
        assertThat(h2.goAway.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("GOAWAY received").isTrue();

        try (Response response = h1.get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("backend=drain method=GET path=/slow/h1\n");
        }
        assertThat(h2Stream.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("200 ended");
        shutdown.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(refused(port)).isTrue();
        Clients.shutdown(http1);
        idle.close();
    }

    private static RawResponse admin(int adminPort, String path) {
        return RawHttp.send("127.0.0.1", adminPort, "GET " + path + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
                WAIT);
    }

    private static boolean refused(int port) {
        try {
            RawConnection.open("127.0.0.1", port, Duration.ofMillis(500)).close();
            return false;
        } catch (UncheckedIOException e) {
            return true;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void newConnectionsDuringDrainAreRefusedAndIdleH1ClosedAtOnce() throws Exception {
        int port = port();
        RawConnection idle = RawConnection.open("127.0.0.1", port);
        assertThat(idle.send("GET /fast HTTP/1.1\r\nHost: t\r\nX-Scope-OrgID: team-a\r\n\r\n")
                .readResponse(WAIT).status()).isEqualTo(200);
        sluice.shutdown(WAIT); // nothing in flight: returns as soon as the idle connection is closed
        assertThat(idle.awaitServerClose(WAIT)).isTrue();
        assertThatThrownBy(() -> RawConnection.open("127.0.0.1", port)).isInstanceOf(UncheckedIOException.class);
    }

    /** A minimal h2c client on Netty: one GET per stream, and a flag for a received GOAWAY. */
    private static final class H2Client {
        final CompletableFuture<Boolean> goAway = new CompletableFuture<>();
        Channel channel;

        static H2Client connect(EventLoopGroup group, int port) throws InterruptedException {
            H2Client client = new H2Client();
            client.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                    new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                    new ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                            if (msg instanceof Http2GoAwayFrame) {
                                                client.goAway.complete(true);
                                            }
                                            ReferenceCountUtil.release(msg);
                                        }
                                    });
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            return client;
        }

        /** Completes with "STATUS ended" when the response ends cleanly, exceptionally on a reset. */
        CompletableFuture<String> get(String path) throws InterruptedException {
            CompletableFuture<String> result = new CompletableFuture<>();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel)
                    .handler(new ChannelInboundHandlerAdapter() {
                        private String status;

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            try {
                                boolean end = false;
                                if (msg instanceof Http2HeadersFrame headers) {
                                    if (status == null) {
                                        status = String.valueOf(headers.headers().status());
                                    }
                                    end = headers.isEndStream();
                                } else if (msg instanceof Http2DataFrame data) {
                                    end = data.isEndStream();
                                }
                                if (end) {
                                    result.complete(status + " ended");
                                }
                            } finally {
                                ReferenceCountUtil.release(msg);
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            result.completeExceptionally(new AssertionError("stream closed before its end"));
                        }
                    })
                    .open().sync().getNow();
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").path(path)
                    .scheme("http").authority("127.0.0.1").add("x-scope-orgid", "team-a"), true));
            return result;
        }
    }
}
