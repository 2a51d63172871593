package dev.sluice.proxy.listener;

import dev.sluice.config.model.Listener;
import dev.sluice.proxy.ProxyContext;
import dev.sluice.proxy.stats.ListenerStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** One bound downstream listener: accepts connections onto the worker loops and tracks them for drain. */
public final class ListenerServer {
    private final String name;
    private final ProxyContext context;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    public ListenerServer(String name, ProxyContext context) {
        this.name = name;
        this.context = context;
    }

    public void bind(Listener config, EventLoopGroup boss, EventLoopGroup workers) throws InterruptedException {
        ListenerStats stats = context.stats().listener(name);
        PipelineFactory pipelines = new PipelineFactory(context, name, stats);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new io.netty.channel.WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        stats.connections().inc();
                        stats.activeConnections().inc();
                        ch.closeFuture().addListener(f -> stats.activeConnections().dec());
                        long idle = context.snapshot().listener(name).idleTimeout().toMillis();
                        // Reader-idle only: watching writes makes IdleStateHandler attach a promise
                        // and listener to every write. Handlers ignore the event while a request runs.
                        // HTTP/2 keeps this handler; HTTP/1.1 swaps it for DownstreamHandler's own timer.
                        ch.pipeline().addLast(PipelineFactory.IDLE,
                                new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("detect", new ProtocolDetector(pipelines));
                        if (context.draining()) {
                            ch.close();
                        }
                    }
                });
        InetSocketAddress address = new InetSocketAddress(config.address().host(), config.address().port());
        serverChannel = b.bind(address).sync().channel();
    }

    public String name() {
        return name;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting; open connections stay. */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /** Asks every open connection to finish its in-flight work and close. */
    public void drainConnections() {
        for (Channel ch : connections) {
            ch.eventLoop().execute(() -> ch.pipeline().fireUserEventTriggered(DrainSignal.INSTANCE));
        }
    }

    public int openConnections() {
        return connections.size();
    }

    public void closeConnections() {
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
