package dev.sluice.proxy.listener;

import dev.sluice.config.model.Limits;
import dev.sluice.proxy.ProxyContext;
import dev.sluice.proxy.http.DownstreamConnection;
import dev.sluice.proxy.http.DownstreamHandler;
import dev.sluice.proxy.http.HeaderRewriter;
import dev.sluice.proxy.http.codec.Http1RequestDecoder;
import dev.sluice.proxy.http.codec.Http1ResponseEncoder;
import dev.sluice.proxy.stats.ListenerStats;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Builds the HTTP/1.1 and HTTP/2 pipelines of one listener. Above the codecs both look the same:
 * HttpRequest, HttpContent, LastHttpContent (with trailers), handled by {@link DownstreamHandler}.
 */
final class PipelineFactory {
    /** The IdleStateHandler every connection starts with; HTTP/1.1 replaces it, HTTP/2 keeps it. */
    static final String IDLE = "idle";

    private final ProxyContext context;
    private final String listener;
    private final ListenerStats stats;

    PipelineFactory(ProxyContext context, String listener, ListenerStats stats) {
        this.context = context;
        this.listener = listener;
        this.stats = stats;
    }

    private DownstreamConnection connection(Channel ch) {
        return new DownstreamConnection(context, listener, stats, context.worker(ch.eventLoop()),
                HeaderRewriter.ipOf(ch.remoteAddress()));
    }

    private Limits limits() {
        return context.snapshot().listener(listener).limits();
    }

    void http1(ChannelPipeline p) {
        Limits limits = limits();
        Http1RequestDecoder decoder = new Http1RequestDecoder(
                limits.maxInitialLineBytes(), limits.maxHeaderBytes(), 64 * 1024);
        // DownstreamHandler keeps the reader-idle timeout itself: one pipeline hop less per read.
        // The timeout is the one the connection was accepted with (a reload may have changed it).
        long idleMillis = ((IdleStateHandler) p.remove(IDLE)).getReaderIdleTimeInMillis();
        p.addLast("h1encoder", new Http1ResponseEncoder(decoder));
        p.addLast("h1decoder", decoder);
        p.addLast("proxy", DownstreamHandler.http1(connection(p.channel()), idleMillis));
    }

    void http2(ChannelPipeline p) {
        Limits limits = limits();
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(1024)
                        .initialWindowSize(1024 * 1024)
                        .maxHeaderListSize(limits.maxHeaderBytes()))
                .validateHeaders(true)
                .gracefulShutdownTimeoutMillis(context.drainTimeout().toMillis())
                .build();
        // Every stream's response ends in a flush of this one connection; consolidated, the
        // responses finished in one event-loop pass leave in one writev instead of one each.
        p.addLast("h2flush", new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
        p.addLast("h2", codec);
        DownstreamConnection connection = connection(p.channel());
        p.addLast("h2mux", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                        DownstreamHandler.h2Stream(connection));
            }
        }));
        p.addLast("h2idle", new Http2IdleCloser(codec));
    }

    /** Closes an HTTP/2 connection that is idle and has no open stream; a drain closes it gracefully. */
    private static final class Http2IdleCloser extends ChannelInboundHandlerAdapter {
        private final Http2FrameCodec codec;

        Http2IdleCloser(Http2FrameCodec codec) {
            this.codec = codec;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                if (codec.connection().numActiveStreams() == 0) {
                    ctx.close();
                }
                return;
            }
            if (evt == DrainSignal.INSTANCE) {
                // Netty's graceful close: GOAWAY, then wait for open streams up to the drain time.
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
