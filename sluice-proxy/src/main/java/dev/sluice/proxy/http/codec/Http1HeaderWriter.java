package dev.sluice.proxy.http.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes header lines of an HTTP/1.1 head. For {@link FlatHttpHeaders} it walks the arrays
 * (no entry objects) and copies AsciiString views of the received head as whole byte ranges.
 */
final class Http1HeaderWriter {
    private static final int COLON_SP = (':' << 8) | ' ';
    private static final int CRLF = ('\r' << 8) | '\n';

    private Http1HeaderWriter() {}

    static void write(HttpHeaders headers, ByteBuf buf) {
        if (headers instanceof FlatHttpHeaders flat) {
            for (int i = 0, n = flat.size(); i < n; i++) {
                line(flat.nameAt(i), flat.valueAt(i), buf);
            }
            return;
        }
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            line(e.getKey(), e.getValue(), buf);
        }
    }

    private static void line(CharSequence name, CharSequence value, ByteBuf buf) {
        int nameLength = name.length();
        int valueLength = value.length();
        buf.ensureWritable(nameLength + valueLength + 4);
        int at = buf.writerIndex();
        at += put(name, buf, at);
        buf.setShort(at, COLON_SP);
        at += 2;
        at += put(value, buf, at);
        buf.setShort(at, CRLF);
        buf.writerIndex(at + 2);
    }

    private static int put(CharSequence s, ByteBuf buf, int at) {
        if (s instanceof AsciiString a) {
            buf.setBytes(at, a.array(), a.arrayOffset(), a.length());
            return a.length();
        }
        return buf.setCharSequence(at, s, StandardCharsets.ISO_8859_1);
    }
}
