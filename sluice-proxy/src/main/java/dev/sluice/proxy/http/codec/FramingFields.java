package dev.sluice.proxy.http.codec;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * The fields of one message head that decide how its body is delimited (RFC 9112 6):
 * Content-Length and Transfer-Encoding, noted while the head is parsed.
 */
final class FramingFields {
    private static final AsciiString TRAILER = AsciiString.cached("trailer");

    /** Forgets the previous message's fields: one instance serves every head of a connection. */
    FramingFields reset() {
        contentLength = -1;
        transferEncoding = null;
        return this;
    }

    /** -1 when absent. */
    long contentLength = -1;
    /** Every Transfer-Encoding line joined with commas; null when absent. */
    String transferEncoding;

    /**
     * Notes one field; returns whether it is kept in the message. In trailers the framing fields
     * (and Trailer) are dropped: they mean nothing there (RFC 9110 6.5.1).
     */
    boolean note(byte[] h, int nameStart, int nameEnd, int valueStart, int valueEnd, boolean trailers) {
        int n = nameEnd - nameStart;
        if (n == 14 && is(h, nameStart, n, HttpHeaderNames.CONTENT_LENGTH)) {
            if (trailers) {
                return false;
            }
            long v = parseLength(h, valueStart, valueEnd);
            if (contentLength >= 0) {
                if (contentLength != v) {
                    throw new MalformedHttpException("Content-Length fields disagree");
                }
                return false; // a repeat of the same length (RFC 9110 8.6): forwarded once
            }
            contentLength = v;
        } else if (n == 17 && is(h, nameStart, n, HttpHeaderNames.TRANSFER_ENCODING)) {
            if (trailers) {
                return false;
            }
            String v = new String(h, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
            transferEncoding = transferEncoding == null ? v : transferEncoding + ", " + v;
        } else if (trailers && n == 7 && is(h, nameStart, n, TRAILER)) {
            return false;
        }
        return true;
    }

    private static boolean is(byte[] h, int start, int n, AsciiString name) {
        for (int i = 0; i < n; i++) {
            int b = h[start + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != name.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A Content-Length value: 1 to 18 digits (a list, even of equal values, is refused). */
    private static long parseLength(byte[] h, int from, int to) {
        if (from == to || to - from > 18) {
            throw new MalformedHttpException("bad Content-Length");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = h[i] - '0';
            if (d < 0 || d > 9) {
                throw new MalformedHttpException("bad Content-Length");
            }
            v = v * 10 + d;
        }
        return v;
    }

    /**
     * Whether a Transfer-Encoding list ends in chunked, applied once (RFC 9112 6.1): a request
     * body framed by anything else can't be delimited.
     */
    static boolean endsInChunked(String codings) {
        boolean chunkedSeen = false;
        boolean last = false;
        for (String c : codings.split(",")) {
            String coding = c.strip();
            if (coding.isEmpty()) {
                continue;
            }
            last = coding.equalsIgnoreCase("chunked");
            if (last) {
                if (chunkedSeen) {
                    return false;
                }
                chunkedSeen = true;
            }
        }
        return last;
    }
}
