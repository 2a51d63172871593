package dev.sluice.proxy.admin;

import dev.sluice.config.model.HostPort;
import dev.sluice.proxy.SluiceServer;
import dev.sluice.proxy.listener.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;

/** The admin listener (default 127.0.0.1:9901), served off the worker loops. */
public final class AdminServer implements AutoCloseable {
    private final Channel channel;

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    public static AdminServer start(HostPort address, SluiceServer server, EventLoopGroup group)
            throws InterruptedException {
        AdminEndpoints endpoints = new AdminEndpoints(server);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannelClass())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new AdminHandler(endpoints));
                    }
                });
        return new AdminServer(b.bind(new InetSocketAddress(address.host(), address.port())).sync().channel());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
