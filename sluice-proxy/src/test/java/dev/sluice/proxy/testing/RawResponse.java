package dev.sluice.proxy.testing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Bytes read back from a raw socket, as ISO-8859-1 text (one char per byte, nothing lost).
 *
 * @param text everything read for this response, interim 1xx responses included
 * @param complete whether a whole final response was framed (by Content-Length, chunked
 *     encoding, or a status without a body); a response delimited by close is complete once
 *     the server closed
 * @param serverClosed whether the server closed (or reset) the connection
 */
public record RawResponse(String text, boolean complete, boolean serverClosed) {

    /** {@link #frameEnd} result: the response has no length, it ends when the server closes. */
    static final int UNTIL_CLOSE = -2;
    /** {@link #frameEnd} result: more bytes are needed. */
    static final int INCOMPLETE = -1;

    /** Status code of the final (non-1xx) response, or -1 if no status line could be read. */
    public int status() {
        String head = finalHead();
        if (head == null || !head.startsWith("HTTP/")) {
            return -1;
        }
        String[] parts = head.split(" ", 3);
        try {
            return parts.length >= 2 ? Integer.parseInt(parts[1].trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** First value of header {@code name} in the final response head, or null. */
    public String header(String name) {
        String head = finalHead();
        if (head == null) {
            return null;
        }
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Bytes after the final response head, as sent (chunk framing not removed). */
    public String body() {
        int start = finalHeadStart();
        int end = start < 0 ? -1 : text.indexOf("\r\n\r\n", start);
        return end < 0 ? "" : text.substring(end + 4);
    }

    private String finalHead() {
        int start = finalHeadStart();
        if (start < 0) {
            return null;
        }
        int end = text.indexOf("\r\n\r\n", start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    private int finalHeadStart() {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf("\r\n\r\n", start);
            if (end < 0 || !text.startsWith("HTTP/1.1 1", start) && !text.startsWith("HTTP/1.0 1", start)) {
                return start;
            }
            start = end + 4;
        }
        return text.isEmpty() ? -1 : start;
    }

    /**
     * Where the first final response in {@code buf[0, len)} ends: an offset, {@link #INCOMPLETE},
     * or {@link #UNTIL_CLOSE}. Interim 1xx responses are skipped.
     *
     * @param bodyless whether the request was HEAD, so the response has no body whatever it says
     */
    static int frameEnd(byte[] buf, int len, boolean bodyless) {
        try {
            return parseFrameEnd(new String(buf, 0, len, StandardCharsets.ISO_8859_1), bodyless);
        } catch (NumberFormatException e) {
            return UNTIL_CLOSE; // not a length we can trust: read until the server closes
        }
    }

    private static int parseFrameEnd(String s, boolean bodyless) {
        int len = s.length();
        int start = 0;
        while (true) {
            int headEnd = s.indexOf("\r\n\r\n", start);
            if (headEnd < 0) {
                return INCOMPLETE;
            }
            String head = s.substring(start, headEnd).toLowerCase(Locale.ROOT);
            int bodyStart = headEnd + 4;
            int status = statusOf(head);
            if (status >= 100 && status < 200) {
                start = bodyStart;
                continue;
            }
            if (bodyless || status == 204 || status == 304) {
                return bodyStart;
            }
            String te = headerIn(head, "transfer-encoding");
            if (te != null && te.trim().endsWith("chunked")) {
                return chunkedEnd(s, bodyStart);
            }
            String cl = headerIn(head, "content-length");
            if (cl != null) {
                long length = Long.parseLong(cl.trim());
                return len - bodyStart >= length ? (int) (bodyStart + length) : INCOMPLETE;
            }
            return UNTIL_CLOSE;
        }
    }

    private static int chunkedEnd(String s, int pos) {
        while (true) {
            int lineEnd = s.indexOf("\r\n", pos);
            if (lineEnd < 0) {
                return INCOMPLETE;
            }
            String sizeField = s.substring(pos, lineEnd);
            int semicolon = sizeField.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeField : sizeField.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // Trailer lines follow the last chunk; an empty line ends them.
                int trailers = lineEnd + 2;
                if (s.startsWith("\r\n", trailers)) {
                    return trailers + 2;
                }
                int end = s.indexOf("\r\n\r\n", trailers);
                return end < 0 ? INCOMPLETE : end + 4;
            }
            pos = lineEnd + 2 + (int) size + 2;
            if (pos > s.length()) {
                return INCOMPLETE;
            }
        }
    }

    private static int statusOf(String head) {
        String[] parts = head.split(" ", 3);
        try {
            return parts.length >= 2 ? Integer.parseInt(parts[1].trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String headerIn(String lowerHead, String name) {
        for (String line : lowerHead.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }
}
