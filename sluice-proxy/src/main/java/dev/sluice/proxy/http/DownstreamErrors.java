package dev.sluice.proxy.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** Maps what the HTTP/1.1 decoder rejected to the cause of the reply. */
final class DownstreamErrors {
    private DownstreamErrors() {}

    static Cause causeOf(Throwable decoderFailure) {
        if (decoderFailure instanceof TooLongHttpHeaderException) {
            return Cause.HEADERS_TOO_LARGE;
        }
        if (decoderFailure instanceof TooLongHttpLineException) {
            return Cause.REQUEST_LINE_TOO_LONG;
        }
        if (decoderFailure instanceof TooLongFrameException) {
            return Cause.HEADERS_TOO_LARGE;
        }
        return Cause.MALFORMED_REQUEST;
    }
}
