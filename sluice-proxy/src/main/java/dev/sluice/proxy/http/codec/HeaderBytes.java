package dev.sluice.proxy.http.codec;

import io.netty.util.AsciiString;
import java.util.Objects;

/**
 * Byte classes of an HTTP/1.1 head (RFC 9110 5.1, 5.5, 5.6.2): which octets may make up a
 * token (a field name, a method) and which may appear in a field value. Methods taking an
 * {@code int} expect an octet ({@code b & 0xff}); anything outside 0..255 is in neither class.
 */
public final class HeaderBytes {
    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
            TCHAR[c + ('a' - 'A')] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
        FIELD_VALUE['\t'] = true;
        for (int c = 0x20; c <= 0x7E; c++) {
            FIELD_VALUE[c] = true;
        }
        for (int c = 0x80; c <= 0xFF; c++) {
            FIELD_VALUE[c] = true; // obs-text: kept opaque, never interpreted
        }
    }

    private HeaderBytes() {}

    /** Whether the octet {@code b} is a tchar: ALPHA, DIGIT or one of {@code !#$%&'*+-.^_`|~}. */
    public static boolean isTchar(int b) {
        return (b >>> 8) == 0 && TCHAR[b];
    }

    /** Whether the octet {@code b} may appear in a field value: HTAB, SP, VCHAR or obs-text. */
    public static boolean isFieldValueByte(int b) {
        return (b >>> 8) == 0 && FIELD_VALUE[b];
    }

    /** Index of the first byte in {@code a[from, to)} that is not a tchar, or -1. */
    public static int firstNonTchar(byte[] a, int from, int to) {
        Objects.checkFromToIndex(from, to, a.length);
        for (int i = from; i < to; i++) {
            if (!TCHAR[a[i] & 0xFF]) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first byte in {@code a[from, to)} not allowed in a field value, or -1. */
    public static int firstInvalidValueByte(byte[] a, int from, int to) {
        Objects.checkFromToIndex(from, to, a.length);
        for (int i = from; i < to; i++) {
            if (!FIELD_VALUE[a[i] & 0xFF]) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first char of {@code s} that is not a tchar, or -1. */
    public static int firstNonTchar(CharSequence s) {
        if (s instanceof AsciiString a) {
            int i = firstNonTchar(a.array(), a.arrayOffset(), a.arrayOffset() + a.length());
            return i < 0 ? -1 : i - a.arrayOffset();
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            if (!isTchar(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Index of the first char of {@code s} not allowed in a field value, or -1. A char above
     * 0xFF has no single-octet form, so it is not allowed.
     */
    public static int firstInvalidValueChar(CharSequence s) {
        if (s instanceof AsciiString a) {
            int i = firstInvalidValueByte(a.array(), a.arrayOffset(), a.arrayOffset() + a.length());
            return i < 0 ? -1 : i - a.arrayOffset();
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            if (!isFieldValueByte(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code s} is a token: at least one char, all tchar. */
    public static boolean isToken(CharSequence s) {
        return s.length() > 0 && firstNonTchar(s) < 0;
    }

    /** Whether every char of {@code s} may appear in a field value; the empty value is one. */
    public static boolean isFieldValue(CharSequence s) {
        return firstInvalidValueChar(s) < 0;
    }
}
