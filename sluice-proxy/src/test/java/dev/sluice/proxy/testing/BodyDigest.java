package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts and hashes a body as it streams past, keeping the bytes only while they fit under a
 * limit, so a 1 GiB body costs a few hundred bytes of state rather than 1 GiB of heap.
 * Not thread-safe: one stream feeds it, on one thread.
 */
public final class BodyDigest {

    /** Bodies up to this size are kept whole for assertions. */
    public static final int DEFAULT_KEEP_LIMIT = 1 << 20;

    private final MessageDigest sha256 = newSha256();
    private final int keepLimit;
    private ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long length;

    public BodyDigest() {
        this(DEFAULT_KEEP_LIMIT);
    }

    public BodyDigest(int keepLimit) {
        if (keepLimit < 0) {
            throw new IllegalArgumentException("keepLimit: %d (expected: >= 0)".formatted(keepLimit));
        }
        this.keepLimit = keepLimit;
    }

    /** Reads the readable bytes of {@code buf} without moving its indexes or releasing it. */
    public void update(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0) {
            return;
        }
        for (ByteBuffer nio : buf.nioBuffers(buf.readerIndex(), n)) {
            sha256.update(nio);
        }
        length += n;
        if (kept != null && kept.size() + (long) n <= keepLimit) {
            try {
                buf.getBytes(buf.readerIndex(), kept, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            kept = null;
        }
    }

    public void update(byte[] bytes, int offset, int count) {
        if (count == 0) {
            return;
        }
        sha256.update(bytes, offset, count);
        length += count;
        if (kept != null && kept.size() + (long) count <= keepLimit) {
            kept.write(bytes, offset, count);
        } else {
            kept = null;
        }
    }

    /** Drains {@code in} to its end (without closing it) and returns this digest. */
    public BodyDigest consume(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) != -1; ) {
            update(buffer, 0, n);
        }
        return this;
    }

    public long length() {
        return length;
    }

    /** Lower-case hex SHA-256 of everything seen so far. Does not disturb further updates. */
    public String sha256Hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole body, or {@code null} once it grew past the keep limit. */
    public byte[] keptBytes() {
        return kept == null ? null : kept.toByteArray();
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
