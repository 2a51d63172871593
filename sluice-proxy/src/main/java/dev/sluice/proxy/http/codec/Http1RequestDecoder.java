package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP/1.1 request decoder of a downstream connection (RFC 9112), made for a proxy's hot
 * path. The head is copied once into one byte array; header names and values are views of it
 * ({@link io.netty.util.AsciiString}), kept in {@link FlatHttpHeaders}, so a request costs no
 * per-header copies, hash entries or second validation pass. A request whose body is already in
 * the read buffer, or that has none, comes out as one {@link io.netty.handler.codec.http.FullHttpRequest}
 * (its body a slice of the read buffer, never copied); otherwise the head, then body chunks.
 *
 * <p>Stricter than a general-purpose decoder where a proxy must be: obsolete line folding,
 * conflicting or repeated-and-different Content-Length, Transfer-Encoding with Content-Length,
 * a final coding other than chunked, Transfer-Encoding on HTTP/1.0, and bytes outside the
 * grammar are rejected, not repaired. A failure in the head comes out as a request whose decoder
 * result is the failure; a failure in the body as a last content whose result is the failure,
 * never as a clean end of the body. Everything after a failure is discarded.
 */
public final class Http1RequestDecoder extends ByteToMessageDecoder {
    /** The chunk-size line, extensions included: nothing legitimate comes near it. */
    private static final int MAX_CHUNK_LINE = 4096;
    private static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);

    private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BAD }

    private final int maxInitialLine;
    private final int maxHeaderBytes;
    private final int maxChunk;
    private State state = State.HEAD;
    /** Body bytes still to come: of the whole body (fixed length) or of the current chunk. */
    private long remaining;
    /** Where the search for the end of the head (or trailers) resumes, relative to the reader index. */
    private int scanned;
    private final HeadFlags heads = new HeadFlags();

    public Http1RequestDecoder(int maxInitialLine, int maxHeaderBytes, int maxChunk) {
        this.maxInitialLine = maxInitialLine;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxChunk = maxChunk;
    }

    /** Whether the oldest request not yet answered was a HEAD (its response carries no body); removes it. */
    boolean pollAnswersHead() {
        return heads.poll();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            while (in.isReadable()) {
                int before = out.size();
                if (!step(in, out) && out.size() == before) {
                    return; // needs more bytes
                }
                if (state == State.BAD) {
                    return;
                }
            }
        } catch (MalformedHttpException | TooLongHttpLineException | TooLongHttpHeaderException e) {
            fail(in, out, e);
        }
    }

    /** Runs the state machine once; false when it waits for more bytes. */
    private boolean step(ByteBuf in, List<Object> out) {
        switch (state) {
            case HEAD:
                return decodeHead(in, out);
            case FIXED_BODY: {
                int n = (int) Math.min(Math.min(remaining, in.readableBytes()), maxChunk);
                remaining -= n;
                if (remaining == 0) {
                    out.add(new DefaultLastHttpContent(in.readRetainedSlice(n), EmptyHttpHeaders.INSTANCE));
                    state = State.HEAD;
                } else {
                    out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
                }
                return true;
            }
            case CHUNK_SIZE:
                return decodeChunkSize(in);
            case CHUNK_DATA: {
                int n = (int) Math.min(Math.min(remaining, in.readableBytes()), maxChunk);
                remaining -= n;
                out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
                if (remaining == 0) {
                    state = State.CHUNK_END;
                }
                return true;
            }
            case CHUNK_END:
                return decodeChunkEnd(in);
            case TRAILERS:
                return decodeTrailers(in, out);
            default:
                in.skipBytes(in.readableBytes());
                return false;
        }
    }

    // ---- head --------------------------------------------------------------------------------

    private boolean decodeHead(ByteBuf in, List<Object> out) {
        // Empty lines before a request line are ignored (RFC 9112 2.2).
        if (scanned == 0) {
            int r = in.readerIndex();
            int w = in.writerIndex();
            while (r < w) {
                byte b = in.getByte(r);
                if (b != '\r' && b != '\n') {
                    break;
                }
                r++;
            }
            in.readerIndex(r);
            if (r == w) {
                return false;
            }
        }
        int end = findHeadEnd(in);
        if (end < 0) {
            return false;
        }
        int start = in.readerIndex();
        byte[] head = new byte[end - start];
        in.getBytes(start, head);
        in.readerIndex(end);
        scanned = 0;
        emitRequest(head, in, out);
        return true;
    }

    /**
     * The index just past the empty line that ends the head, or -1 while it has not arrived.
     * Enforces the request-line and header-section limits as bytes arrive, so a sender can't make
     * the decoder hold more than the limits.
     */
    private int findHeadEnd(ByteBuf in) {
        int start = in.readerIndex();
        int w = in.writerIndex();
        int pos = start + scanned;
        if (scanned == 0) {
            int lf = in.indexOf(start, Math.min(w, start + maxInitialLine + 2), (byte) '\n');
            if (lf < 0) {
                if (w - start > maxInitialLine + 1) {
                    throw new TooLongHttpLineException("request line is longer than " + maxInitialLine + " bytes");
                }
                return -1;
            }
            pos = lf + 1;
            scanned = pos - start;
        }
        int requestLine = lineEnd(in, start);
        return findSectionEnd(in, pos, requestLine);
    }

    /** Length of the request line (without its line end), for the header limit's base. */
    private static int lineEnd(ByteBuf in, int start) {
        return in.indexOf(start, in.writerIndex(), (byte) '\n') - start + 1;
    }

    /**
     * Finds the empty line that ends a field section (header or trailer lines) starting at or
     * before {@code pos}; {@code base} bytes of what precedes it don't count toward the limit.
     */
    private int findSectionEnd(ByteBuf in, int pos, int base) {
        int start = in.readerIndex();
        int w = in.writerIndex();
        int limit = start + base + maxHeaderBytes;
        while (true) {
            // A line may end at most two bytes past the limit (its CR LF).
            int lf = in.indexOf(pos, Math.min(w, limit + 2), (byte) '\n');
            if (lf < 0) {
                if (w > limit + 1) {
                    throw new TooLongHttpHeaderException("header section is larger than " + maxHeaderBytes + " bytes");
                }
                scanned = pos - start;
                return -1;
            }
            if (lf == pos || (lf == pos + 1 && in.getByte(pos) == '\r')) {
                return lf + 1;
            }
            pos = lf + 1;
        }
    }

    private void emitRequest(byte[] head, ByteBuf in, List<Object> out) {
        int lineEnd = indexOf(head, 0, (byte) '\n');
        int le = trimCr(head, 0, lineEnd);
        int sp1 = indexOf(head, 0, le, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(head, sp1 + 1, le, (byte) ' ');
        if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1) {
            throw new MalformedHttpException("request line is not: method SP target SP version");
        }
        HttpMethod method = method(head, sp1);
        String uri = target(head, sp1 + 1, sp2);
        HttpVersion version = version(head, sp2 + 1, le);

        FlatHttpHeaders headers = new FlatHttpHeaders();
        FramingFields framing = new FramingFields();
        parseFields(head, lineEnd + 1, head.length, headers, framing, false);

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
            state = State.CHUNK_SIZE;
            return;
        }
        heads.add(method == HttpMethod.HEAD);
        if (length <= 0) {
            out.add(new DefaultFullHttpRequest(version, method, uri, Unpooled.EMPTY_BUFFER, headers,
                    EmptyHttpHeaders.INSTANCE, false));
            return;
        }
        if (in.readableBytes() >= length && length <= maxChunk) {
            // The whole body is here: one message, the body a slice of the read buffer.
            out.add(new DefaultFullHttpRequest(version, method, uri, in.readRetainedSlice((int) length), headers,
                    EmptyHttpHeaders.INSTANCE, false));
            return;
        }
        out.add(new DefaultHttpRequest(version, method, uri, headers, false));
        remaining = length;
        state = State.FIXED_BODY;
    }

    private static HttpMethod method(byte[] h, int end) {
        int bad = HeaderBytes.firstNonTchar(h, 0, end);
        if (bad >= 0) {
            throw new MalformedHttpException("method is not a token");
        }
        switch (end) {
            case 3:
                if (h[0] == 'G' && h[1] == 'E' && h[2] == 'T') {
                    return HttpMethod.GET;
                }
                if (h[0] == 'P' && h[1] == 'U' && h[2] == 'T') {
                    return HttpMethod.PUT;
                }
                break;
            case 4:
                if (h[0] == 'P' && h[1] == 'O' && h[2] == 'S' && h[3] == 'T') {
                    return HttpMethod.POST;
                }
                if (h[0] == 'H' && h[1] == 'E' && h[2] == 'A' && h[3] == 'D') {
                    return HttpMethod.HEAD;
                }
                break;
            default:
                break;
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

    /**
     * Parses field lines [from, to) of {@code h} (each ending in LF or CR LF, the last one empty)
     * into {@code headers}, noting the framing fields.
     */
    private static void parseFields(byte[] h, int from, int to, FlatHttpHeaders headers, FramingFields framing,
            boolean trailers) {
        int pos = from;
        while (pos < to) {
            int lf = indexOf(h, pos, (byte) '\n');
            int le = trimCr(h, pos, lf);
            if (le == pos) {
                return; // the empty line
            }
            byte first = h[pos];
            if (first == ' ' || first == '\t') {
                throw new MalformedHttpException("obsolete line folding");
            }
            int colon = HeaderBytes.firstNonTchar(h, pos, le);
            if (colon <= pos || h[colon] != ':') {
                throw new MalformedHttpException("field name is not a token followed by a colon");
            }
            int vs = colon + 1;
            int ve = le;
            while (vs < ve && (h[vs] == ' ' || h[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (h[ve - 1] == ' ' || h[ve - 1] == '\t')) {
                ve--;
            }
            if (HeaderBytes.firstInvalidValueByte(h, vs, ve) >= 0) {
                throw new MalformedHttpException("field value has a byte outside the grammar");
            }
            if (framing.note(h, pos, colon, vs, ve, trailers)) {
                headers.addTrusted(new io.netty.util.AsciiString(h, pos, colon - pos, false),
                        new io.netty.util.AsciiString(h, vs, ve - vs, false));
            }
            pos = lf + 1;
        }
    }

    // ---- chunked body ------------------------------------------------------------------------

    private boolean decodeChunkSize(ByteBuf in) {
        int r = in.readerIndex();
        int lf = in.indexOf(r, Math.min(in.writerIndex(), r + MAX_CHUNK_LINE), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() >= MAX_CHUNK_LINE) {
                throw new MalformedHttpException("chunk size line too long");
            }
            return false;
        }
        int end = lf;
        if (end > r && in.getByte(end - 1) == '\r') {
            end--;
        }
        long size = 0;
        int i = r;
        for (; i < end; i++) {
            int d = Character.digit(in.getByte(i), 16);
            if (d < 0) {
                break;
            }
            if (size > (Long.MAX_VALUE >> 5)) {
                throw new MalformedHttpException("chunk size too large");
            }
            size = size * 16 + d;
        }
        if (i == r) {
            throw new MalformedHttpException("chunk size is not hex");
        }
        // Chunk extensions (RFC 9112 7.1.1) are passed over, but must be made of field bytes.
        while (i < end && (in.getByte(i) == ' ' || in.getByte(i) == '\t')) {
            i++;
        }
        if (i < end) {
            if (in.getByte(i) != ';') {
                throw new MalformedHttpException("bad chunk size line");
            }
            for (int j = i + 1; j < end; j++) {
                if (!HeaderBytes.isFieldValueByte(in.getByte(j) & 0xff)) {
                    throw new MalformedHttpException("bad chunk extension");
                }
            }
        }
        in.readerIndex(lf + 1);
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private boolean decodeChunkEnd(ByteBuf in) {
        int r = in.readerIndex();
        byte b = in.getByte(r);
        if (b == '\n') {
            in.skipBytes(1);
        } else if (b == '\r') {
            if (in.readableBytes() < 2) {
                return false;
            }
            if (in.getByte(r + 1) != '\n') {
                throw new MalformedHttpException("chunk data not followed by CRLF");
            }
            in.skipBytes(2);
        } else {
            throw new MalformedHttpException("chunk data not followed by CRLF");
        }
        state = State.CHUNK_SIZE;
        return true;
    }

    private boolean decodeTrailers(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        // No trailers: the common case, the last chunk's empty line.
        if (scanned == 0) {
            byte b = in.getByte(r);
            if (b == '\n' || (b == '\r' && in.readableBytes() >= 2 && in.getByte(r + 1) == '\n')) {
                in.skipBytes(b == '\n' ? 1 : 2);
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
                state = State.HEAD;
                return true;
            }
            if (b == '\r' && in.readableBytes() < 2) {
                return false;
            }
        }
        int end = findSectionEnd(in, r + scanned, 0);
        if (end < 0) {
            return false;
        }
        byte[] section = new byte[end - r];
        in.getBytes(r, section);
        in.readerIndex(end);
        scanned = 0;
        FlatHttpHeaders trailers = new FlatHttpHeaders(4);
        parseFields(section, 0, section.length, trailers, new FramingFields(), true);
        out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
        state = State.HEAD;
        return true;
    }

    // ---- failure -----------------------------------------------------------------------------

    private void fail(ByteBuf in, List<Object> out, RuntimeException cause) {
        State was = state;
        state = State.BAD;
        in.skipBytes(in.readableBytes());
        if (was == State.HEAD) {
            HttpRequest bad = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request",
                    Unpooled.EMPTY_BUFFER, new FlatHttpHeaders(2), EmptyHttpHeaders.INSTANCE, false);
            bad.setDecoderResult(DecoderResult.failure(cause));
            heads.add(false);
            out.add(bad);
        } else {
            HttpContent bad = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, EmptyHttpHeaders.INSTANCE);
            bad.setDecoderResult(DecoderResult.failure(cause));
            out.add(bad);
        }
    }

    // ---- bytes -------------------------------------------------------------------------------

    private static int indexOf(byte[] a, int from, byte b) {
        return indexOf(a, from, a.length, b);
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The end of a line's content: before its LF at {@code lf}, and before a CR preceding it. */
    private static int trimCr(byte[] a, int from, int lf) {
        return lf > from && a[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static boolean regionEquals(byte[] a, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (a[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
