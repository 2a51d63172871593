package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream of a {@link TestBackend} connection, on its own child channel (from
 * {@code Http2MultiplexHandler}); the child channel's flow control gives the backpressure.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2StreamHandler.class);

    private final TestBackend backend;
    private final int connectionId;
    private Http2Exchange exchange;

    Http2StreamHandler(TestBackend backend, int connectionId) {
        this.backend = backend;
        this.connectionId = connectionId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame frame) {
                if (exchange == null) {
                    exchange = new Http2Exchange(ctx, backend, frame.headers(), connectionId);
                    exchange.begin();
                    if (frame.isEndStream()) {
                        exchange.requestEnd(HeaderList.empty());
                    }
                } else {
                    exchange.requestEnd(HeaderList.copyOf(frame.headers()));
                }
            } else if (msg instanceof Http2DataFrame frame && exchange != null) {
                exchange.requestBody(frame.content());
                if (frame.isEndStream()) {
                    exchange.requestEnd(HeaderList.empty());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("backend {}: HTTP/2 stream error", backend.name(), cause);
        ctx.close();
    }

    private static final class Http2Exchange extends RecordingExchange {

        Http2Exchange(ChannelHandlerContext ctx, TestBackend backend, Http2Headers headers, int connectionId) {
            super(ctx, backend, "HTTP/2", String.valueOf(headers.method()), String.valueOf(headers.path()),
                    headers.authority() == null ? null : headers.authority().toString(),
                    HeaderList.copyOf(headers), connectionId);
        }

        @Override
        public void sendHead(int status, HeaderList headers, boolean endOfStream) {
            Http2Headers h2 = toHttp2(headers).status(Integer.toString(status));
            h2.add("x-backend", backendName());
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(h2, endOfStream));
        }

        @Override
        public ChannelFuture sendData(ByteBuf data, boolean endOfStream) {
            return ctx.writeAndFlush(new DefaultHttp2DataFrame(data, endOfStream));
        }

        @Override
        public void sendTrailers(HeaderList trailers) {
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(toHttp2(trailers), true));
        }

        @Override
        public void killConnection() {
            // Closing from the first context skips Http2FrameCodec, which would send a GOAWAY.
            ctx.channel().parent().pipeline().firstContext().close();
        }

        @Override
        public void resetStream() {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
        }

        @Override
        public void refuseStream() {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
        }

        @Override
        public void writeRawAndKill(ByteBuf bytes) {
            ChannelHandlerContext first = ctx.channel().parent().pipeline().firstContext();
            first.writeAndFlush(bytes).addListener(f -> first.close());
        }

        private static Http2Headers toHttp2(HeaderList headers) {
            Http2Headers h2 = new DefaultHttp2Headers();
            for (Map.Entry<String, String> h : headers) {
                h2.add(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
            }
            return h2;
        }
    }
}
