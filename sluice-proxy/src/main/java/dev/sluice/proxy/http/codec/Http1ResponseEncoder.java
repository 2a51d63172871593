package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import java.util.List;

/**
 * Netty's response encoder, told by the {@link Http1RequestDecoder} of the same connection
 * which responses answer a HEAD: those have no body on the wire whatever their headers say (no
 * chunk terminator either). Responses go out in request order; informational ones (1xx) come
 * before the final response and take no turn. {@link FlatHttpHeaders} are written without entry
 * objects.
 *
 * <p>A short body of a whole response is appended to the head's buffer here rather than by
 * Netty's encoder, which copies it through two NIO views of direct memory (two objects per
 * response, a tenth of what a proxied request allocated): {@code getBytes} into the head's
 * buffer copies memory to memory. Bodies above {@link #SHORT_BODY} bytes pass as they are.
 */
public final class Http1ResponseEncoder extends HttpResponseEncoder {
    /** Netty's own bound for copying a body into the head's buffer (it may go higher for big heads). */
    static final int SHORT_BODY = 128;

    private final Http1RequestDecoder decoder;
    private boolean bodyDropped; // what isContentAlwaysEmpty said for the message being encoded

    public Http1ResponseEncoder(Http1RequestDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
        if (!(msg instanceof FullHttpResponse response)) {
            super.encode(ctx, msg, out);
            return;
        }
        ByteBuf body = response.content();
        int length = body.readableBytes();
        if (length == 0 || length > SHORT_BODY || HttpUtil.isTransferEncodingChunked(response)) {
            super.encode(ctx, msg, out);
            return;
        }
        int from = body.readerIndex();
        body.retain(); // the encoder releases the message, and the body is read after it has
        try {
            body.writerIndex(from); // the encoder sees no body and writes the head alone
            try {
                super.encode(ctx, msg, out);
            } finally {
                body.writerIndex(from + length);
            }
            if (bodyDropped) {
                return;
            }
            ByteBuf head = (ByteBuf) out.get(out.size() - 1);
            if (head.maxFastWritableBytes() >= length) {
                head.ensureWritable(length); // grows in place: the room is there, the capacity may not be
                body.getBytes(from, head, head.writerIndex(), length);
                head.writerIndex(head.writerIndex() + length);
            } else {
                out.add(body.retain());
            }
        } finally {
            body.release();
        }
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        boolean empty;
        if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            empty = super.isContentAlwaysEmpty(msg);
        } else {
            empty = decoder.pollAnswersHead() || super.isContentAlwaysEmpty(msg);
        }
        bodyDropped = empty;
        return empty;
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        Http1HeaderWriter.write(headers, buf);
    }
}
