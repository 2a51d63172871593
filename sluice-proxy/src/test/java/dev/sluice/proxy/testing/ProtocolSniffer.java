package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the first bytes of a connection: the HTTP/2 client preface means h2c with prior
 * knowledge, anything else is HTTP/1.x. Installs the matching codec and removes itself; bytes
 * already read are passed on to the new codec.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    // Generous limits: the backend must not be what rejects a large header in a proxy test.
    private static final int MAX_HEADER_BYTES = 256 * 1024;

    private final TestBackend backend;
    private final int connectionId;

    ProtocolSniffer(TestBackend backend, int connectionId) {
        this.backend = backend;
        this.connectionId = connectionId;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                switchTo(ctx, false);
                return;
            }
        }
        if (n == PREFACE.length) {
            switchTo(ctx, true);
        }
    }

    private void switchTo(ChannelHandlerContext ctx, boolean http2) {
        ChannelPipeline pipeline = ctx.pipeline();
        if (http2) {
            Http2Settings settings = Http2Settings.defaultSettings()
                    .maxHeaderListSize(MAX_HEADER_BYTES)
                    .initialWindowSize(1 << 20)
                    .maxConcurrentStreams(10_000);
            pipeline.addLast(Http2FrameCodecBuilder.forServer().initialSettings(settings).build());
            pipeline.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel stream) {
                    stream.pipeline().addLast(new Http2StreamHandler(backend, connectionId));
                }
            }));
        } else {
            HttpDecoderConfig config = new HttpDecoderConfig()
                    .setMaxInitialLineLength(64 * 1024)
                    .setMaxHeaderSize(MAX_HEADER_BYTES)
                    .setMaxChunkSize(64 * 1024);
            pipeline.addLast(new HttpServerCodec(config));
            pipeline.addLast(new HttpServerKeepAliveHandler());
            pipeline.addLast(new HttpServerExpectContinueHandler());
            pipeline.addLast(new Http1ServerHandler(backend, connectionId));
        }
        pipeline.remove(this);
    }
}
