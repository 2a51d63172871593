package dev.sluice.proxy.health;

import dev.sluice.config.model.HealthCheck;
import dev.sluice.proxy.listener.Transport;
import dev.sluice.proxy.upstream.UpstreamHost;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Active health checks of one cluster: an HTTP request or a TCP connect to every endpoint every
 * {@code interval} plus a random jitter. First checks are spread evenly over one interval so a
 * large cluster never probes all its endpoints at once. Runs entirely on the health loop: the
 * probe connections are bootstrapped there, so verdicts and counters need no lock.
 */
final class ActiveHealthChecker {
    private final ClusterHealth cluster;
    private final HealthCheck config;
    private EventLoop loop;
    private Bootstrap bootstrap;
    private boolean stopped;

    ActiveHealthChecker(ClusterHealth cluster, HealthCheck config) {
        this.cluster = cluster;
        this.config = config;
    }

    void start(EventLoop l) {
        this.loop = l;
        this.bootstrap = new Bootstrap()
                .group(l)
                .channel(Transport.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, config.timeout().toMillis()));
        int n = cluster.hosts().size();
        long interval = config.interval().toNanos();
        for (int i = 0; i < n; i++) {
            schedule(cluster.hosts().get(i), interval * i / n + jitter());
        }
    }

    void stop() {
        stopped = true;
    }

    private long jitter() {
        long j = config.intervalJitter().toNanos();
        return j <= 0 ? 0 : ThreadLocalRandom.current().nextLong(j + 1);
    }

    private void schedule(UpstreamHost host, long delayNanos) {
        if (!stopped && !loop.isShuttingDown()) {
            loop.schedule(() -> check(host), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check(UpstreamHost host) {
        if (stopped || cluster.stopped()) {
            return;
        }
        Probe probe = new Probe(host);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (config.type() == HealthCheck.Type.HTTP) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpProbeHandler(probe, host));
                }
            }
        });
        ChannelFuture f = b.connect(host.socketAddress());
        probe.channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                probe.finish(false);
            } else if (config.type() == HealthCheck.Type.TCP) {
                probe.finish(true);
            }
        });
        loop.schedule(() -> probe.finish(false), config.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Applies one verdict to the host's thresholds; on the health loop. */
    void verdict(UpstreamHost host, boolean pass) {
        HostHealth hh = host.health();
        if (pass) {
            hh.checkFailures = 0;
            if (!hh.activeHealthy() && ++hh.checkPasses >= config.healthyThreshold()) {
                hh.checkPasses = 0;
                hh.activeHealthy(true);
                cluster.stats().transition(hh.endpoint(), "healthy");
                cluster.republish();
            }
        } else {
            hh.checkPasses = 0;
            if (hh.activeHealthy() && ++hh.checkFailures >= config.unhealthyThreshold()) {
                hh.checkFailures = 0;
                hh.activeHealthy(false);
                cluster.stats().transition(hh.endpoint(), "unhealthy");
                cluster.republish();
            }
        }
    }

    /** One check of one host: finishes once, closes its connection, schedules the next. */
    private final class Probe {
        private final UpstreamHost host;
        private Channel channel;
        private boolean finished;

        Probe(UpstreamHost host) {
            this.host = host;
        }

        void finish(boolean pass) {
            if (finished) {
                return;
            }
            finished = true;
            if (channel != null) {
                channel.close();
            }
            if (stopped || cluster.stopped()) {
                return;
            }
            verdict(host, pass);
            schedule(host, config.interval().toNanos() + jitter());
        }
    }

    private final class HttpProbeHandler extends ChannelInboundHandlerAdapter {
        private final Probe probe;
        private final UpstreamHost host;

        HttpProbeHandler(Probe probe, UpstreamHost host) {
            this.probe = probe;
            this.host = host;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                    HttpMethod.valueOf(config.method()), config.path());
            req.headers().set(HttpHeaderNames.HOST, config.host() != null ? config.host() : host.address().toString());
            req.headers().set(HttpHeaderNames.USER_AGENT, "sluice-health-check");
            req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(req);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpResponse res) {
                    probe.finish(res.decoderResult().isSuccess() && config.expects(res.status().code()));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            probe.finish(false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            probe.finish(false);
        }
    }
}
