package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;

/**
 * Netty's request encoder for an upstream connection, which tells the connection's
 * {@link Http1ResponseDecoder} about every request sent (a HEAD's response has no body), and
 * writes {@link FlatHttpHeaders} without entry objects.
 */
public final class Http1RequestEncoder extends HttpRequestEncoder {
    private final Http1ResponseDecoder decoder;

    public Http1RequestEncoder(Http1ResponseDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void encodeInitialLine(ByteBuf buf, HttpRequest request) throws Exception {
        decoder.requestSent(HttpMethod.HEAD.equals(request.method()));
        super.encodeInitialLine(buf, request);
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        Http1HeaderWriter.write(headers, buf);
    }
}
