package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP/1.1 response decoder of an upstream connection (see {@link Http1MessageDecoder}). A
 * response whose body is already in the read buffer, or that has none, comes out as one
 * {@link io.netty.handler.codec.http.FullHttpResponse}; otherwise the head, then body chunks.
 *
 * <p>Framing follows RFC 9112 6.3: no body for a HEAD request's response (the
 * {@link Http1RequestEncoder} of the connection says which requests were HEADs), 1xx, 204 and
 * 304; else chunked, Content-Length, or the rest of the connection. A response with both
 * Transfer-Encoding and Content-Length is refused: a backend that frames ambiguously is not to be
 * trusted with the next response on the same connection.
 */
public final class Http1ResponseDecoder extends Http1MessageDecoder {

    /** For each request sent and not answered yet, oldest first: whether it was a HEAD. */
    private final HeadFlags heads = new HeadFlags();

    public Http1ResponseDecoder(int maxStatusLine, int maxHeaderBytes, int maxChunk) {
        super(maxStatusLine, maxHeaderBytes, maxChunk);
    }

    /** A request went out on this connection; its response is the next final one. */
    void requestSent(boolean head) {
        heads.add(head);
    }

    @Override
    void onHead(byte[] head, int headLength, int lineEnd, ByteBuf in, List<Object> out) {
        int le = trimCr(head, 0, lineEnd);
        // HTTP-version SP 3DIGIT SP [reason-phrase]; a missing SP before an empty reason is tolerated.
        if (le < 12 || head[8] != ' ' || (le > 12 && head[12] != ' ')) {
            throw new MalformedHttpException("status line is not: version SP status SP reason");
        }
        HttpVersion version = regionEquals(head, 0, 8, HTTP_1_1) ? HttpVersion.HTTP_1_1
                : regionEquals(head, 0, 8, HTTP_1_0) ? HttpVersion.HTTP_1_0 : null;
        if (version == null) {
            throw new MalformedHttpException("unsupported HTTP version");
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            int d = head[i] - '0';
            if (d < 0 || d > 9) {
                throw new MalformedHttpException("status code is not three digits");
            }
            code = code * 10 + d;
        }
        if (code < 100) {
            throw new MalformedHttpException("status code below 100");
        }
        HttpResponseStatus status = status(code, head, Math.min(13, le), le);

        FlatHttpHeaders headers = new FlatHttpHeaders(repeated().capacityHint());
        FramingFields framing = framing();
        parseFields(head, lineEnd + 1, headLength, headers, framing, false, repeated());

        if (code < 200) {
            // Informational: no body, and the final response to the same request is still to come.
            out.add(full(version, status, Unpooled.EMPTY_BUFFER, headers));
            bodiless();
            return;
        }
        boolean answersHead = heads.poll();
        if (answersHead || code == 204 || code == 304) {
            out.add(full(version, status, Unpooled.EMPTY_BUFFER, headers));
            bodiless();
            return;
        }
        long length = framing.contentLength;
        if (framing.transferEncoding != null) {
            if (length >= 0) {
                throw new MalformedHttpException("both Content-Length and Transfer-Encoding");
            }
            if (version == HttpVersion.HTTP_1_0) {
                throw new MalformedHttpException("Transfer-Encoding in an HTTP/1.0 response");
            }
            out.add(new DefaultHttpResponse(version, status, headers));
            if (FramingFields.endsInChunked(framing.transferEncoding)) {
                chunkedBody();
            } else {
                bodyUntilClose();
            }
            return;
        }
        if (length == 0) {
            out.add(full(version, status, Unpooled.EMPTY_BUFFER, headers));
            bodiless();
        } else if (length > 0 && in.readableBytes() >= length && length <= maxChunk) {
            out.add(full(version, status, in.readRetainedSlice((int) length), headers));
            bodiless();
        } else if (length > 0) {
            out.add(new DefaultHttpResponse(version, status, headers));
            fixedBody(length);
        } else {
            out.add(new DefaultHttpResponse(version, status, headers));
            bodyUntilClose();
        }
    }

    @Override
    HttpMessage invalidHead() {
        return full(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY, Unpooled.EMPTY_BUFFER, new FlatHttpHeaders(2));
    }

    private static DefaultFullHttpResponse full(HttpVersion v, HttpResponseStatus s, ByteBuf body,
            FlatHttpHeaders headers) {
        return new DefaultFullHttpResponse(v, s, body, headers, EmptyHttpHeaders.INSTANCE);
    }

    /** Netty's constant when the reason is the standard one (no allocation), else the reason as sent. */
    private static HttpResponseStatus status(int code, byte[] h, int from, int to) {
        HttpResponseStatus standard = HttpResponseStatus.valueOf(code);
        if (from == to) {
            return standard;
        }
        String phrase = standard.reasonPhrase();
        boolean same = phrase.length() == to - from;
        for (int i = 0; same && i < phrase.length(); i++) {
            same = phrase.charAt(i) == (char) (h[from + i] & 0xff);
        }
        if (same) {
            return standard;
        }
        for (int i = from; i < to; i++) {
            if (!HeaderBytes.isFieldValueByte(h[i] & 0xff)) {
                throw new MalformedHttpException("reason phrase has a byte outside the grammar");
            }
        }
        return new HttpResponseStatus(code, new String(h, from, to - from, StandardCharsets.ISO_8859_1));
    }
}
