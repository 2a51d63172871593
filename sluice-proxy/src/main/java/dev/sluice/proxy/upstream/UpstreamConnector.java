package dev.sluice.proxy.upstream;

import dev.sluice.config.model.Cluster;
import dev.sluice.proxy.listener.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Opens upstream TCP connections on the calling worker's own loop, so the connection and the
 * downstream it serves never cross threads.
 */
final class UpstreamConnector {
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private UpstreamConnector() {}

    static ChannelFuture connect(EventLoop loop, Cluster cluster, UpstreamHost host,
            ChannelInitializer<SocketChannel> init) {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(Transport.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        cluster.connectTimeout().toMillis()))
                .handler(init);
        return b.connect(host.socketAddress());
    }
}
