package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What HTTP/1.1 requests and responses share on the way in (RFC 9112), made for a proxy's hot
 * path: the head is copied into a byte array the connection reuses for every head, parsed there,
 * and its field names and values go into {@link FlatHttpHeaders} (validated once, by byte class)
 * as copies, most of them the same objects as the previous message's ({@link RepeatedFields});
 * a body passes as slices of the read buffer, never copied. Subclasses parse the start line and
 * decide the framing. Nothing may keep a view of the head array past {@link #onHead}: the next
 * message overwrites it.
 *
 * <p>Strict where a proxy must be: obsolete line folding and bytes outside the grammar are
 * rejected, not repaired. A failure in the head comes out as a message whose decoder result is
 * the failure; in the body, as a last content carrying the failure, never as a clean end.
 * Everything after a failure is discarded.
 */
abstract class Http1MessageDecoder extends ByteToMessageDecoder {
    static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);
    /** The chunk-size line, extensions included: nothing legitimate comes near it. */
    private static final int MAX_CHUNK_LINE = 4096;
    /**
     * Heads up to this size are parsed in the connection's reused array; a bigger one (rare)
     * gets an array of its own, so one huge head doesn't pin its size to the connection.
     */
    static final int REUSED_HEAD_MAX = 8192;

    private enum State { HEAD, FIXED_BODY, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BAD }

    private final int maxInitialLine;
    private final int maxHeaderBytes;
    protected final int maxChunk;
    private State state = State.HEAD;
    /** Body bytes still to come: of the whole body (fixed length) or of the current chunk. */
    private long remaining;
    /** Where the search for the end of the head (or trailers) resumes, relative to the reader index. */
    private int scanned;
    /** Reused for every head of the connection (see {@link #framing()}): no object per message. */
    private final FramingFields framing = new FramingFields();
    private final RepeatedFields repeated = new RepeatedFields();
    /** Where heads are parsed; see {@link #REUSED_HEAD_MAX}. */
    private byte[] headBuffer;

    Http1MessageDecoder(int maxInitialLine, int maxHeaderBytes, int maxChunk) {
        this.maxInitialLine = maxInitialLine;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxChunk = maxChunk;
    }

    /**
     * Parses one complete head: {@code head[0, headLength)} holds the start line and the field lines
     * up to and including the empty line; the start line ends at {@code lineEnd} (its LF). The
     * array is reused for the next head: keep copies, never views. Adds the message
     * to {@code out} and says how its body is framed by calling one of {@link #bodiless},
     * {@link #fixedBody}, {@link #chunkedBody} or {@link #bodyUntilClose}.
     */
    /** Names and values this connection's last messages carried, for {@link #parseFields}. */
    final RepeatedFields repeated() {
        return repeated;
    }

    abstract void onHead(byte[] head, int headLength, int lineEnd, ByteBuf in, List<Object> out);

    /** The message to emit for a head that failed to parse; its decoder result is set by the caller. */
    abstract HttpMessage invalidHead();

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            while (in.isReadable() && state != State.BAD) {
                int before = out.size();
                if (!step(in, out) && out.size() == before) {
                    return; // needs more bytes
                }
            }
        } catch (MalformedHttpException | TooLongHttpLineException | TooLongHttpHeaderException e) {
            fail(in, out, e);
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (state == State.UNTIL_CLOSE) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            state = State.HEAD;
        } else if (state == State.HEAD && (scanned > 0 || in.isReadable())) {
            // Closed in the middle of a head: that is a broken message, not a quiet close.
            fail(in, out, new MalformedHttpException("connection closed in the middle of a message head"));
        }
        // Closed inside a fixed-length or chunked body: nothing is emitted, so the message never
        // ends cleanly; the channel's close tells the handler.
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
            case UNTIL_CLOSE:
                out.add(new DefaultHttpContent(in.readRetainedSlice(Math.min(in.readableBytes(), maxChunk))));
                return true;
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

    /** The framing fields, cleared for the next head (or trailer section) to be parsed. */
    final FramingFields framing() {
        return framing.reset();
    }

    // ---- framing, as decided by the subclass -------------------------------------------------

    /** The message just added has no body (or it was emitted whole). */
    final void bodiless() {
        state = State.HEAD;
    }

    /** A body of {@code length} bytes follows the message just added. */
    final void fixedBody(long length) {
        remaining = length;
        state = State.FIXED_BODY;
    }

    final void chunkedBody() {
        state = State.CHUNK_SIZE;
    }

    /** The body runs to the end of the connection (responses only, RFC 9112 6.3 item 8). */
    final void bodyUntilClose() {
        state = State.UNTIL_CLOSE;
    }

    // ---- head --------------------------------------------------------------------------------

    private boolean decodeHead(ByteBuf in, List<Object> out) {
        // Empty lines before a start line are ignored (RFC 9112 2.2).
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
        int length = end - start;
        byte[] head = headBuffer(length);
        in.getBytes(start, head, 0, length);
        in.readerIndex(end);
        scanned = 0;
        onHead(head, length, indexOf(head, 0, length, (byte) '\n'), in, out);
        return true;
    }

    /** An array for a head of {@code length} bytes: the reused one, grown in powers of two. */
    private byte[] headBuffer(int length) {
        if (headBuffer != null && length <= headBuffer.length) {
            return headBuffer;
        }
        if (length > REUSED_HEAD_MAX) {
            return new byte[length];
        }
        return headBuffer = new byte[Math.max(512, Integer.highestOneBit(length - 1) << 1)];
    }

    /**
     * The index just past the empty line that ends the head, or -1 while it has not arrived.
     * Enforces the start-line and header-section limits as bytes arrive, so a sender can't make
     * the decoder hold more than the limits.
     */
    private int findHeadEnd(ByteBuf in) {
        int start = in.readerIndex();
        int w = in.writerIndex();
        int lf = in.indexOf(start, Math.min(w, start + maxInitialLine + 2), (byte) '\n');
        if (lf < 0) {
            if (w - start > maxInitialLine + 1) {
                throw new TooLongHttpLineException("start line is longer than " + maxInitialLine + " bytes");
            }
            return -1;
        }
        int pos = Math.max(lf + 1, start + scanned);
        return findSectionEnd(in, pos, lf + 1 - start);
    }

    /**
     * Finds the empty line that ends a field section (header or trailer lines), searching from
     * {@code pos}; the first {@code base} bytes after the reader index don't count toward the limit.
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

    /**
     * Parses field lines [from, to) of {@code h} (each ending in LF or CR LF, the last one empty)
     * into {@code headers}, noting the framing fields. With {@code repeated}, names and values
     * are copies and {@code h} may be reused afterwards; a line that repeats the one kept at its
     * position is taken as kept, without being validated or split again. Without
     * {@code repeated}, names and values are views of {@code h}, which must then belong to the
     * headers for good.
     */
    static void parseFields(byte[] h, int from, int to, FlatHttpHeaders headers, FramingFields framing,
            boolean trailers, RepeatedFields repeated) {
        int pos = from;
        int index = 0;
        while (pos < to) {
            int lf = indexOf(h, pos, to, (byte) '\n');
            int le = trimCr(h, pos, lf);
            if (le == pos) {
                break; // the empty line
            }
            if (repeated != null && repeated.repeats(index, h, pos, le)) {
                AsciiString name = repeated.name(index);
                if (framing.note(h, pos, pos + name.length(), pos + repeated.valueFrom(index),
                        pos + repeated.valueTo(index), trailers)) {
                    headers.addTrusted(name, repeated.value(index));
                    index++;
                }
                pos = lf + 1;
                continue;
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
                if (repeated == null) {
                    headers.addTrusted(new AsciiString(h, pos, colon - pos, false), new AsciiString(h, vs, ve - vs, false));
                } else if (repeated.keep(index, h, pos, colon, vs, ve, le)) {
                    headers.addTrusted(repeated.name(index), repeated.value(index));
                } else {
                    headers.addTrusted(new AsciiString(h, pos, colon - pos, true), new AsciiString(h, vs, ve - vs, true));
                }
                index++;
            }
            pos = lf + 1;
        }
        if (repeated != null) {
            repeated.counted(index);
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
        parseFields(section, 0, section.length, trailers, framing(), true, null);
        out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
        state = State.HEAD;
        return true;
    }

    // ---- failure -----------------------------------------------------------------------------

    private void fail(ByteBuf in, List<Object> out, RuntimeException cause) {
        State was = state;
        state = State.BAD;
        in.skipBytes(in.readableBytes());
        HttpObject bad = was == State.HEAD
                ? invalidHead()
                : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, EmptyHttpHeaders.INSTANCE);
        bad.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(cause));
        out.add(bad);
    }

    // ---- bytes -------------------------------------------------------------------------------

    static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The end of a line's content: before its LF at {@code lf}, and before a CR preceding it. */
    static int trimCr(byte[] a, int from, int lf) {
        return lf > from && a[lf - 1] == '\r' ? lf - 1 : lf;
    }

    static boolean regionEquals(byte[] a, int from, int to, byte[] expected) {
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
