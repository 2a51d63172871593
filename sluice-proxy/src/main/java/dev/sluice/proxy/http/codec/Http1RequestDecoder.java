package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP/1.1 request decoder of a downstream connection (see {@link Http1MessageDecoder}). A
 * request whose body is already in the read buffer, or that has none, comes out as one
 * {@link io.netty.handler.codec.http.FullHttpRequest}; otherwise the head, then body chunks.
 *
 * <p>Request framing is strict (RFC 9112 6): differing or listed Content-Length,
 * Transfer-Encoding with Content-Length, a final coding other than chunked and Transfer-Encoding
 * on HTTP/1.0 are rejected, since a proxy that frames a request differently from its backend
 * lets one request hide inside another.
 */
public final class Http1RequestDecoder extends Http1MessageDecoder {

    private final HeadFlags heads = new HeadFlags();

    public Http1RequestDecoder(int maxInitialLine, int maxHeaderBytes, int maxChunk) {
        super(maxInitialLine, maxHeaderBytes, maxChunk);
    }

    /** Whether the oldest request not yet answered was a HEAD (its response carries no body); removes it. */
    boolean pollAnswersHead() {
        return heads.poll();
    }

    @Override
    void onHead(byte[] head, int headLength, int lineEnd, ByteBuf in, List<Object> out) {
        int le = trimCr(head, 0, lineEnd);
        int sp1 = indexOf(head, 0, le, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(head, sp1 + 1, le, (byte) ' ');
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1) {
            throw new MalformedHttpException("request line is not: method SP target SP version");
        }
        HttpMethod method = method(head, sp1);
        String uri = target(head, sp1 + 1, sp2);
        HttpVersion version = version(head, sp2 + 1, le);

        FlatHttpHeaders headers = new FlatHttpHeaders(repeated().capacityHint());
        FramingFields framing = framing();
        parseFields(head, lineEnd + 1, headLength, headers, framing, false, repeated());

        long length = framing.contentLength;
        if (framing.transferEncoding != null) {
            if (version == HttpVersion.HTTP_1_0) {
                throw new MalformedHttpException("Transfer-Encoding is not allowed in HTTP/1.0");
            }
            if (length >= 0) {
                throw new MalformedHttpException("both Content-Length and Transfer-Encoding");
            }
            if (!FramingFields.endsInChunked(framing.transferEncoding)) {
                throw new MalformedHttpException("the final transfer coding of a request must be chunked");
            }
            heads.add(method == HttpMethod.HEAD);
            out.add(new DefaultHttpRequest(version, method, uri, headers, false));
            chunkedBody();
            return;
        }
        heads.add(method == HttpMethod.HEAD);
        if (length <= 0) {
            out.add(new DefaultFullHttpRequest(version, method, uri, Unpooled.EMPTY_BUFFER, headers,
                    EmptyHttpHeaders.INSTANCE, false));
            bodiless();
            return;
        }
        if (in.readableBytes() >= length && length <= maxChunk) {
            // The whole body is here: one message, the body a slice of the read buffer.
            out.add(new DefaultFullHttpRequest(version, method, uri, in.readRetainedSlice((int) length), headers,
                    EmptyHttpHeaders.INSTANCE, false));
            bodiless();
            return;
        }
        out.add(new DefaultHttpRequest(version, method, uri, headers, false));
        fixedBody(length);
    }

    @Override
    HttpMessage invalidHead() {
        // A failed request still takes its turn: its reply is a response like any other.
        heads.add(false);
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request",
                Unpooled.EMPTY_BUFFER, new FlatHttpHeaders(2), EmptyHttpHeaders.INSTANCE, false);
    }

    private static HttpMethod method(byte[] h, int end) {
        if (HeaderBytes.firstNonTchar(h, 0, end) >= 0) {
            throw new MalformedHttpException("method is not a token");
        }
        if (end == 3 && h[0] == 'G' && h[1] == 'E' && h[2] == 'T') {
            return HttpMethod.GET;
        }
        if (end == 4 && h[0] == 'P' && h[1] == 'O' && h[2] == 'S' && h[3] == 'T') {
            return HttpMethod.POST;
        }
        // Netty's valueOf returns its constant for every other standard method.
        return HttpMethod.valueOf(new String(h, 0, end, StandardCharsets.ISO_8859_1));
    }

    private static String target(byte[] h, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = h[i] & 0xff;
            if (b <= 0x20 || b == 0x7f) {
                throw new MalformedHttpException("request target has a control or space byte");
            }
        }
        return new String(h, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static HttpVersion version(byte[] h, int from, int to) {
        if (regionEquals(h, from, to, HTTP_1_1)) {
            return HttpVersion.HTTP_1_1;
        }
        if (regionEquals(h, from, to, HTTP_1_0)) {
            return HttpVersion.HTTP_1_0;
        }
        throw new MalformedHttpException("unsupported HTTP version");
    }
}
