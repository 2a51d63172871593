package dev.sluice.proxy.http.codec;

import io.netty.util.AsciiString;
import java.util.Arrays;

/**
 * The field lines of one connection's last messages, by position, so that the next message can
 * reuse a line it repeats byte for byte instead of parsing and allocating it again. A client or
 * backend sends the same fields in the same order on every message of a connection (host,
 * content type, user agent, server, ...), so most lines of a message are repeats: a repeat costs
 * one comparison, no validation (the kept line passed it) and no object; each avoided object is
 * one less thing the young collection has to make room for.
 *
 * <p>Each kept line is a copy of the received bytes, and its name and value are views of that
 * copy, never of the head: the decoder parses each head in an array it reuses for the next one.
 * A line that differs from the last one at its position (a tenant id, a request id) is copied and
 * kept in its place, its name object reused when only the value changed. Lines past
 * {@link #POSITIONS} or longer than {@link #MAX_KEPT_LINE} are not kept: the caller copies them.
 */
final class RepeatedFields {
    static final int POSITIONS = 24;
    static final int MAX_KEPT_LINE = 128;

    private final byte[][] lines = new byte[POSITIONS][];
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

    /**
     * Whether the field line at position {@code index}, bytes {@code [from, to)} of {@code h}
     * (no CR LF), is the line kept there byte for byte; then {@link #name}, {@link #value},
     * {@link #valueFrom} and {@link #valueTo} describe it.
     */
    boolean repeats(int index, byte[] h, int from, int to) {
        if (index >= POSITIONS) {
            return false;
        }
        byte[] line = lines[index];
        return line != null && line.length == to - from && Arrays.equals(line, 0, line.length, h, from, to);
    }

    /**
     * Keeps the line {@code [from, to)} of {@code h} at position {@code index}: name
     * {@code [from, colon)}, value {@code [valueFrom, valueTo)}, already validated. False, and
     * nothing kept, when the position or the line's length is past what is kept.
     */
    boolean keep(int index, byte[] h, int from, int colon, int valueFrom, int valueTo, int to) {
        if (index >= POSITIONS || to - from > MAX_KEPT_LINE) {
            return false;
        }
        byte[] line = Arrays.copyOfRange(h, from, to);
        AsciiString name = names[index];
        if (name == null || !sameBytes(name, h, from, colon)) {
            name = new AsciiString(line, 0, colon - from, false);
        }
        lines[index] = line;
        names[index] = name;
        values[index] = new AsciiString(line, valueFrom - from, valueTo - valueFrom, false);
        return true;
    }

    AsciiString name(int index) {
        return names[index];
    }

    AsciiString value(int index) {
        return values[index];
    }

    /** Where the kept value at {@code index} starts, relative to the start of its line. */
    int valueFrom(int index) {
        return values[index].arrayOffset();
    }

    /** Where the kept value at {@code index} ends, relative to the start of its line. */
    int valueTo(int index) {
        return values[index].arrayOffset() + values[index].length();
    }

    private static boolean sameBytes(AsciiString kept, byte[] h, int from, int to) {
        return kept.length() == to - from
                && Arrays.equals(kept.array(), kept.arrayOffset(), kept.arrayOffset() + kept.length(), h, from, to);
    }
}
