package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * Netty's response encoder, told by the {@link Http1RequestDecoder} of the same connection
 * which responses answer a HEAD: those have no body on the wire whatever their headers say (no
 * chunk terminator either). Responses go out in request order; informational ones (1xx) come
 * before the final response and take no turn. {@link FlatHttpHeaders} are written without entry
 * objects.
 */
public final class Http1ResponseEncoder extends HttpResponseEncoder {
    private final Http1RequestDecoder decoder;

    public Http1ResponseEncoder(Http1RequestDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            return super.isContentAlwaysEmpty(msg);
        }
        return decoder.pollAnswersHead() || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        Http1HeaderWriter.write(headers, buf);
    }
}
