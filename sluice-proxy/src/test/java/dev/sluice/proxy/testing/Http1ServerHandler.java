package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP/1.1 side of a {@link TestBackend} connection: one exchange at a time, keep-alive. */
final class Http1ServerHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http1ServerHandler.class);

    private final TestBackend backend;
    private final int connectionId;
    private Http1Exchange exchange;

    Http1ServerHandler(TestBackend backend, int connectionId) {
        this.backend = backend;
        this.connectionId = connectionId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                if (request.decoderResult().isFailure()) {
                    rejectMalformed(ctx, request);
                    return;
                }
                exchange = new Http1Exchange(ctx, backend, request, connectionId);
                exchange.begin();
            }
            if (msg instanceof HttpContent content && exchange != null) {
                exchange.requestBody(content.content());
                if (content instanceof LastHttpContent last) {
                    exchange.requestEnd(HeaderList.copyOf(last.trailingHeaders()));
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void rejectMalformed(ChannelHandlerContext ctx, HttpRequest request) {
        log.warn("backend {}: malformed request: {}", backend.name(), request.decoderResult().cause().toString());
        exchange = null;
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
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
        log.debug("backend {}: HTTP/1 connection error", backend.name(), cause);
        ctx.close();
    }

    private static final class Http1Exchange extends RecordingExchange {

        Http1Exchange(ChannelHandlerContext ctx, TestBackend backend, HttpRequest request, int connectionId) {
            super(ctx, backend, request.protocolVersion().text(), request.method().name(), request.uri(),
                    request.headers().get(HttpHeaderNames.HOST), HeaderList.copyOf(request.headers()),
                    connectionId);
        }

        @Override
        public void sendHead(int status, HeaderList headers, boolean endOfStream) {
            HttpResponseStatus responseStatus = HttpResponseStatus.valueOf(status);
            HttpResponse response = endOfStream
                    ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, responseStatus, Unpooled.EMPTY_BUFFER)
                    : new DefaultHttpResponse(HttpVersion.HTTP_1_1, responseStatus);
            for (Map.Entry<String, String> h : headers) {
                response.headers().add(h.getKey(), h.getValue());
            }
            response.headers().add("x-backend", backendName());
            boolean framed = response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                    || response.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
            if (!framed) {
                if (endOfStream) {
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                } else {
                    response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                }
            }
            ctx.writeAndFlush(response);
        }

        @Override
        public ChannelFuture sendData(ByteBuf data, boolean endOfStream) {
            return ctx.writeAndFlush(endOfStream ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data));
        }

        @Override
        public void sendTrailers(HeaderList trailers) {
            LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
            for (Map.Entry<String, String> t : trailers) {
                last.trailingHeaders().add(t.getKey(), t.getValue());
            }
            ctx.writeAndFlush(last);
        }

        @Override
        public void killConnection() {
            ctx.channel().close();
        }

        @Override
        public void resetStream() {
            killConnection();
        }

        @Override
        public void refuseStream() {
            killConnection();
        }

        @Override
        public void writeRawAndKill(ByteBuf bytes) {
            // From the first handler's context the write skips the HTTP encoder.
            ctx.pipeline().firstContext().writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
