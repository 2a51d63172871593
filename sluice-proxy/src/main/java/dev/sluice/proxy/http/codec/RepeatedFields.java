package dev.sluice.proxy.http.codec;

import io.netty.util.AsciiString;
import java.util.Arrays;

/**
 * The header fields of one connection's last messages, by position, so that the next message
 * can reuse a name or value it repeats byte for byte instead of allocating a new one. A client
 * or backend sends the same fields in the same order on every message of a connection (host,
 * content type, user agent, server, ...), so most fields of a message are repeats; each
 * avoided object is one less thing the young collection has to make room for.
 *
 * <p>Every name and value handed out is a copy, never a view of the head: the decoder parses
 * each head in an array it reuses for the next one. A value that differs from the last one at
 * its position (a tenant id, a request id) is copied and kept in its place. Fields past
 * {@link #POSITIONS} or longer than {@link #MAX_KEPT_BYTES} are copied and not kept.
 */
final class RepeatedFields {
    static final int POSITIONS = 24;
    static final int MAX_KEPT_BYTES = 96;

    private final AsciiString[] names = new AsciiString[POSITIONS];
    private final AsciiString[] values = new AsciiString[POSITIONS];
    private int lastCount = -1;

    /**
     * Room for the next message's fields: as many as the last message had, plus a few for
     * those the proxy adds; the headers' default before the first message.
     */
    int capacityHint() {
        return lastCount < 0 ? 16 : lastCount + 4;
    }

    /** Notes how many fields the message just parsed had. */
    void counted(int fields) {
        lastCount = fields;
    }

    /** The name at field position {@code index}: bytes {@code [from, to)} of {@code h}. */
    AsciiString name(int index, byte[] h, int from, int to) {
        return kept(names, index, h, from, to);
    }

    /** The value at field position {@code index}: bytes {@code [from, to)} of {@code h}. */
    AsciiString value(int index, byte[] h, int from, int to) {
        return kept(values, index, h, from, to);
    }

    private static AsciiString kept(AsciiString[] kept, int index, byte[] h, int from, int to) {
        if (index >= POSITIONS || to - from > MAX_KEPT_BYTES) {
            return new AsciiString(h, from, to - from, true);
        }
        AsciiString last = kept[index];
        if (last != null && same(last, h, from, to)) {
            return last;
        }
        return kept[index] = new AsciiString(h, from, to - from, true);
    }

    private static boolean same(AsciiString kept, byte[] h, int from, int to) {
        return kept.length() == to - from
                && Arrays.equals(kept.array(), kept.arrayOffset(), kept.arrayOffset() + kept.length(), h, from, to);
    }
}
