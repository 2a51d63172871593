package dev.sluice.proxy.http;

import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * How a proxied message's body is delimited on an HTTP/1.1 hop (RFC 9112 6): by Content-Length,
 * by chunked Transfer-Encoding, or, for an HTTP/1.0 client, by closing the connection. Decided
 * anew for each hop: the message may come from HTTP/2, which has no such framing.
 */
final class Http1Framing {
    private Http1Framing() {}

    /**
     * Frames a request for the upstream hop. A body that came in whole gets its length; one still
     * streaming without a length goes chunked only when {@code chunkUnframed}: only HTTP/2 may
     * stream a body without a length, and an HTTP/1.1 request with neither Content-Length nor
     * Transfer-Encoding has no body (RFC 9112 6.3), so a GET stays bodiless.
     */
    static void frameRequest(HttpRequest req, boolean chunkUnframed) {
        req.setProtocolVersion(HttpVersion.HTTP_1_1);
        HttpHeaders headers = req.headers();
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH) || HttpUtil.isTransferEncodingChunked(req)) {
            return;
        }
        if (req instanceof FullHttpMessage full) {
            int n = full.content().readableBytes();
            if (n > 0) {
                headers.setInt(HttpHeaderNames.CONTENT_LENGTH, n);
            }
        } else if (chunkUnframed) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }

    /**
     * Frames a response for an HTTP/1.x client and says so in its Connection header.
     *
     * @param head whether it answers a HEAD request (bodiless whatever its headers say)
     * @param close whether the connection is to close after this response already
     * @return whether the connection must close after this response
     */
    static boolean frameResponse(HttpResponse res, boolean head, boolean http10, boolean close) {
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        HttpHeaders headers = res.headers();
        int code = res.status().code();
        boolean bodiless = head || code == 204 || code == 304;
        if (!bodiless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                && !HttpUtil.isTransferEncodingChunked(res)) {
            if (res instanceof FullHttpMessage full) {
                headers.setInt(HttpHeaderNames.CONTENT_LENGTH, full.content().readableBytes());
            } else if (http10) {
                close = true; // HTTP/1.0 has no chunking: the close delimits the body
            } else {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return close;
    }
}
