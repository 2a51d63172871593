package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * Netty's request encoder for an upstream connection, which tells the connection's
 * {@link Http1ResponseDecoder} about every request sent (a HEAD's response has no body), writes
 * the request target exactly as it was received and {@link FlatHttpHeaders} without entry
 * objects.
 *
 * <p>The target is a String whose chars are the received bytes (ISO-8859-1, as the decoders of
 * both protocols read it), so it is written back one byte per char. Netty's encoder writes it as
 * UTF-8, which turned a lenient client's raw byte 0xE9 into 0xC3 0xA9 on the way to the backend.
 */
public final class Http1RequestEncoder extends HttpRequestEncoder {
    private static final int CRLF = ('\r' << 8) | '\n';
    private static final AsciiString HTTP_1_1 = AsciiString.cached("HTTP/1.1");
    private static final AsciiString HTTP_1_0 = AsciiString.cached("HTTP/1.0");

    private final Http1ResponseDecoder decoder;

    public Http1RequestEncoder(Http1ResponseDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void encodeInitialLine(ByteBuf buf, HttpRequest request) {
        HttpMethod method = request.method();
        decoder.requestSent(HttpMethod.HEAD.equals(method));
        AsciiString name = method.asciiName();
        String target = request.uri();
        AsciiString version = versionText(request.protocolVersion());
        buf.ensureWritable(name.length() + target.length() + version.length() + 5);
        buf.writeBytes(name.array(), name.arrayOffset(), name.length());
        buf.writeByte(' ');
        if (target.isEmpty()) {
            buf.writeByte('/');
        } else {
            buf.writeCharSequence(target, StandardCharsets.ISO_8859_1);
        }
        buf.writeByte(' ');
        buf.writeBytes(version.array(), version.arrayOffset(), version.length());
        buf.writeShort(CRLF);
    }

    private static AsciiString versionText(HttpVersion version) {
        if (version == HttpVersion.HTTP_1_1) {
            return HTTP_1_1;
        }
        return version == HttpVersion.HTTP_1_0 ? HTTP_1_0 : AsciiString.of(version.text());
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        Http1HeaderWriter.write(headers, buf);
    }
}
