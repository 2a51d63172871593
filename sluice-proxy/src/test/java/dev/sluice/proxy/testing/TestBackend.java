package dev.sluice.proxy.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake upstream for integration tests: a Netty server on 127.0.0.1 and an ephemeral port that
 * speaks HTTP/1.1 and h2c (prior knowledge) on the same port, answers with a swappable
 * {@link Behavior}, and records every request it receives as a {@link ReceivedRequest}.
 * Bodies are streamed and hashed, never aggregated.
 */
public final class TestBackend implements AutoCloseable {

    public static final String HOST = "127.0.0.1";

    // Shared by all backends of the JVM: daemon threads, so a forgotten close() never hangs a run.
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
            Math.min(4, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("sluice-test-backend", true),
            NioIoHandler.newFactory());

    private final String name;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger connectionsAccepted = new AtomicInteger();
    private final List<ReceivedRequest> requests = new ArrayList<>(); // guarded by itself
    private volatile Behavior behavior;
    private Channel listener;
    private int port;

    private TestBackend(String name, Behavior behavior) {
        this.name = Objects.requireNonNull(name, "name");
        this.behavior = Objects.requireNonNull(behavior, "behavior");
    }

    public static TestBackend start(String name) {
        return start(name, Behavior.standard());
    }

    public static TestBackend start(String name, Behavior behavior) {
        TestBackend backend = new TestBackend(name, behavior);
        backend.bind();
        return backend;
    }

    /** A port on 127.0.0.1 with nothing listening (free a moment ago): connecting is refused. */
    public static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void bind() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(GROUP)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        int connectionId = connectionsAccepted.incrementAndGet();
                        ch.pipeline().addLast(new ProtocolSniffer(TestBackend.this, connectionId));
                    }
                });
        listener = bootstrap.bind(HOST, 0).syncUninterruptibly().channel();
        port = ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public String name() {
        return name;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(HOST, port);
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://" + HOST + ":" + port + path;
    }

    public Behavior behavior() {
        return behavior;
    }

    /** Swaps the behaviour; requests whose head already arrived keep the old one. */
    public TestBackend behavior(Behavior behavior) {
        this.behavior = Objects.requireNonNull(behavior, "behavior");
        return this;
    }

    /** A snapshot of the requests recorded so far, in the order they ended. */
    public List<ReceivedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Waits until at least {@code count} requests are recorded and returns them all.
     *
     * @throws AssertionError on timeout, listing what did arrive
     */
    public List<ReceivedRequest> awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (requests) {
            while (requests.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("backend %s: expected %d request(s) within %s, got %d: %s"
                            .formatted(name, count, timeout, requests.size(), requests));
                }
                try {
                    requests.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for requests", e);
                }
            }
            return List.copyOf(requests);
        }
    }

    /** Waits for the first request and returns it. */
    public ReceivedRequest awaitRequest(Duration timeout) {
        return awaitRequests(1, timeout).get(0);
    }

    public void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }

    /** Connections accepted since start; unchanged across requests means connections were reused. */
    public int connectionsAccepted() {
        return connectionsAccepted.get();
    }

    public int openConnections() {
        return connections.size();
    }

    /** Closes the listening socket; open connections keep working, new ones are refused. */
    public void stopAccepting() {
        listener.close().syncUninterruptibly();
    }

    /** Closes every open connection abruptly, keeping the listener. */
    public void dropConnections() {
        connections.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
    }

    void record(ReceivedRequest request) {
        synchronized (requests) {
            requests.add(request);
            requests.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "TestBackend[" + name + " @ " + HOST + ":" + port + "]";
    }
}
