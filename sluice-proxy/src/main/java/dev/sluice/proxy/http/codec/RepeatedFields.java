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
 * <p>Kept names and values are copies (never views of a message's head), so keeping them
 * holds no head alive. A value that changed on the previous message at the same position (a
 * tenant id, a request id) is probably changing on every message: it is then handed out as a
 * view of the head and only every second miss is copied, so fields that never repeat don't
 * cost a copy each. Names and short values only: {@link #MAX_KEPT_BYTES}.
 */
final class RepeatedFields {
    static final int POSITIONS = 24;
    static final int MAX_KEPT_BYTES = 96;

    private final AsciiString[] names = new AsciiString[POSITIONS];
    private final AsciiString[] values = new AsciiString[POSITIONS];
    private final boolean[] valueMissed = new boolean[POSITIONS];
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
        if (index >= POSITIONS || to - from > MAX_KEPT_BYTES) {
            return new AsciiString(h, from, to - from, false);
        }
        AsciiString kept = names[index];
        if (kept != null && same(kept, h, from, to)) {
            return kept;
        }
        return names[index] = new AsciiString(h, from, to - from, true);
    }

    /** The value at field position {@code index}: bytes {@code [from, to)} of {@code h}. */
    AsciiString value(int index, byte[] h, int from, int to) {
        if (index >= POSITIONS || to - from > MAX_KEPT_BYTES) {
            return new AsciiString(h, from, to - from, false);
        }
        AsciiString kept = values[index];
        if (kept != null && same(kept, h, from, to)) {
            valueMissed[index] = false;
            return kept;
        }
        if (valueMissed[index]) {
            valueMissed[index] = false; // the next miss is copied: a value may have settled
            return new AsciiString(h, from, to - from, false);
        }
        valueMissed[index] = kept != null;
        return values[index] = new AsciiString(h, from, to - from, true);
    }

    private static boolean same(AsciiString kept, byte[] h, int from, int to) {
        return kept.length() == to - from
                && Arrays.equals(kept.array(), kept.arrayOffset(), kept.arrayOffset() + kept.length(), h, from, to);
    }
}
