package dev.sluice.proxy.http.codec;

import io.netty.handler.codec.DecoderException;

/** Bytes that break the HTTP/1.1 grammar (RFC 9112) or its framing rules; answered with 400. */
public final class MalformedHttpException extends DecoderException {
    public MalformedHttpException(String message) {
        super(message);
    }
}
