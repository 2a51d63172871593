package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.InputStream;

/**
 * The deterministic bytes that streaming behaviours send and streaming request bodies carry:
 * the byte at offset {@code i} is {@code i % 251}. A prime period means a dropped, duplicated or
 * reordered chunk of any power-of-two size changes the hash.
 */
public final class BytePattern {

    public static final int PERIOD = 251;

    /** Chunk size used when streaming: a whole number of periods, just under 64 KiB. */
    public static final int CHUNK = PERIOD * 256;

    // One period longer than a chunk, so a chunk starting at any phase is a plain slice of it.
    private static final byte[] BLOCK = new byte[CHUNK + PERIOD];

    static {
        for (int i = 0; i < BLOCK.length; i++) {
            BLOCK[i] = (byte) (i % PERIOD);
        }
    }

    private BytePattern() {}

    public static byte byteAt(long offset) {
        return (byte) (offset % PERIOD);
    }

    /**
     * The pattern bytes {@code [offset, offset + length)} as a heap buffer wrapping shared
     * read-only storage: no copy, nothing pooled, nothing to leak.
     */
    public static ByteBuf slice(long offset, int length) {
        if (length < 0 || length > CHUNK) {
            throw new IllegalArgumentException("length: %d (expected: 0..%d)".formatted(length, CHUNK));
        }
        return Unpooled.wrappedBuffer(BLOCK, (int) (offset % PERIOD), length).asReadOnly();
    }

    /**
     * The pattern bytes {@code [offset, offset + length)} copied into a new direct buffer from
     * {@code alloc}: what a real upstream's socket reads look like, so a streamer that ignored
     * backpressure would show up as direct-memory growth. The caller owns the buffer.
     */
    public static ByteBuf copy(ByteBufAllocator alloc, long offset, int length) {
        ByteBuf buf = alloc.directBuffer(length);
        return buf.writeBytes(slice(offset, length));
    }

    /** Copies the pattern bytes starting at {@code offset} into {@code dst}. */
    public static void fill(long offset, byte[] dst, int dstOffset, int length) {
        int phase = (int) (offset % PERIOD);
        while (length > 0) {
            int n = Math.min(length, CHUNK);
            System.arraycopy(BLOCK, phase, dst, dstOffset, n);
            dstOffset += n;
            length -= n;
            phase = (phase + n) % PERIOD;
        }
    }

    public static byte[] bytes(int length) {
        byte[] out = new byte[length];
        fill(0, out, 0, length);
        return out;
    }

    /** The SHA-256 of the first {@code length} pattern bytes, computed by streaming. */
    public static String sha256Hex(long length) {
        BodyDigest digest = new BodyDigest(0);
        for (long offset = 0; offset < length; offset += CHUNK) {
            int n = (int) Math.min(CHUNK, length - offset);
            digest.update(BLOCK, (int) (offset % PERIOD), n);
        }
        return digest.sha256Hex();
    }

    /** A stream of the first {@code length} pattern bytes, generated on the fly. */
    public static InputStream stream(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? byteAt(position++) & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                fill(position, b, off, n);
                position += n;
                return n;
            }
        };
    }
}
