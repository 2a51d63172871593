package dev.sluice.proxy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderBytesTest {
    // RFC 9110 5.6.2, spelled out rather than computed, so the table is checked against the text.
    private static final String TCHARS = "!#$%&'*+-.^_`|~"
            + "0123456789"
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            + "abcdefghijklmnopqrstuvwxyz";

    @Test
    void tcharIsExactlyTheRfcSet() {
        List<Integer> tchars = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            assertThat(HeaderBytes.isTchar(b)).as("0x%02x", b).isEqualTo(TCHARS.indexOf(b) >= 0);
            if (HeaderBytes.isTchar(b)) {
                tchars.add(b);
            }
        }
        assertThat(tchars).hasSize(77);
        // The delimiters (RFC 9110 5.6.2), SP, controls, DEL and obs-text are not tchar.
        for (char c : "\"(),/:;<=>?@[\\]{} \t\r\n\u0000\u007f\u0080\u00ff".toCharArray()) {
            assertThat(HeaderBytes.isTchar(c)).as("0x%02x", (int) c).isFalse();
        }
    }

    @Test
    void fieldValueBytesAreHtabSpVcharAndObsText() {
        int allowed = 0;
        for (int b = 0; b < 256; b++) {
            boolean expected = b == 0x09 || (b >= 0x20 && b <= 0x7E) || b >= 0x80;
            assertThat(HeaderBytes.isFieldValueByte(b)).as("0x%02x", b).isEqualTo(expected);
            if (expected) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(1 + 95 + 128);
        for (int b : new int[] {0x00, 0x01, 0x08, 0x0A, 0x0B, 0x0D, 0x1F, 0x7F}) {
            assertThat(HeaderBytes.isFieldValueByte(b)).as("0x%02x", b).isFalse();
        }
    }

    @Test
    void intsOutsideAnOctetAreInNeitherClass() {
        for (int b : new int[] {-1, -128, 256, 0x100 + 'A', 0x100 + ' ', Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThat(HeaderBytes.isTchar(b)).as("%d", b).isFalse();
            assertThat(HeaderBytes.isFieldValueByte(b)).as("%d", b).isFalse();
        }
    }

    @Test
    void firstNonTcharFindsTheFirstOffenderInRange() {
        byte[] line = "Content-Type: text/plain".getBytes(StandardCharsets.US_ASCII);
        assertThat(HeaderBytes.firstNonTchar(line, 0, line.length)).isEqualTo(12);
        assertThat(HeaderBytes.firstNonTchar(line, 0, 12)).isEqualTo(-1);
        assertThat(HeaderBytes.firstNonTchar(line, 8, 12)).isEqualTo(-1);
        assertThat(HeaderBytes.firstNonTchar(line, 13, line.length)).isEqualTo(13);
        assertThat(HeaderBytes.firstNonTchar(line, 14, line.length)).isEqualTo(18); // the '/'
        assertThat(HeaderBytes.firstNonTchar(line, 5, 5)).isEqualTo(-1);

        byte[] high = {'a', 'b', (byte) 0xE9, 'c'};
        assertThat(HeaderBytes.firstNonTchar(high, 0, 4)).isEqualTo(2);

        assertThatThrownBy(() -> HeaderBytes.firstNonTchar(line, 0, line.length + 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> HeaderBytes.firstNonTchar(line, 3, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void firstInvalidValueByteFindsTheFirstOffenderInRange() {
        byte[] value = {'a', '\t', ' ', (byte) 0x80, (byte) 0xFF, '~', '\r', '\n', 'z', 0x7F};
        assertThat(HeaderBytes.firstInvalidValueByte(value, 0, value.length)).isEqualTo(6);
        assertThat(HeaderBytes.firstInvalidValueByte(value, 0, 6)).isEqualTo(-1);
        assertThat(HeaderBytes.firstInvalidValueByte(value, 7, value.length)).isEqualTo(7);
        assertThat(HeaderBytes.firstInvalidValueByte(value, 8, value.length)).isEqualTo(9);
        assertThat(HeaderBytes.firstInvalidValueByte(value, 8, 9)).isEqualTo(-1);
        assertThat(HeaderBytes.firstInvalidValueByte(new byte[] {'x', 0}, 0, 2)).isEqualTo(1);
        assertThat(HeaderBytes.firstInvalidValueByte(new byte[0], 0, 0)).isEqualTo(-1);
        assertThatThrownBy(() -> HeaderBytes.firstInvalidValueByte(value, -1, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void tokenCheckOnCharSequences() {
        assertThat(HeaderBytes.isToken("X-Forwarded-For")).isTrue();
        assertThat(HeaderBytes.isToken(TCHARS)).isTrue();
        assertThat(HeaderBytes.isToken(AsciiString.of("content-length"))).isTrue();
        assertThat(HeaderBytes.isToken("")).isFalse();
        assertThat(HeaderBytes.isToken(AsciiString.EMPTY_STRING)).isFalse();
        assertThat(HeaderBytes.isToken("X Bad")).isFalse();
        assertThat(HeaderBytes.isToken("Host:")).isFalse();
        assertThat(HeaderBytes.isToken("caf\u00e9")).isFalse();
        // 0x141 would be 'A' if truncated to a byte.
        assertThat(HeaderBytes.isToken("\u0141")).isFalse();
        assertThat(HeaderBytes.firstNonTchar("ab(c")).isEqualTo(2);
        assertThat(HeaderBytes.firstNonTchar("abc")).isEqualTo(-1);
    }

    @Test
    void fieldValueCheckOnCharSequences() {
        assertThat(HeaderBytes.isFieldValue("")).isTrue();
        assertThat(HeaderBytes.isFieldValue("text/html; charset=utf-8")).isTrue();
        assertThat(HeaderBytes.isFieldValue(" a\tb ")).isTrue();
        assertThat(HeaderBytes.isFieldValue("caf\u00e9 \u0080\u00ff")).isTrue();
        assertThat(HeaderBytes.isFieldValue("a\u0000")).isFalse();
        assertThat(HeaderBytes.isFieldValue("a\r\nX-Injected: 1")).isFalse();
        assertThat(HeaderBytes.isFieldValue("a\n")).isFalse();
        assertThat(HeaderBytes.isFieldValue("\u0001")).isFalse();
        assertThat(HeaderBytes.isFieldValue("a\u007f")).isFalse();
        // 0x10A would be LF truncated to a byte, 0x141 'A': neither has a one-octet form.
        assertThat(HeaderBytes.isFieldValue("\u0141")).isFalse();
        assertThat(HeaderBytes.isFieldValue("\u010a")).isFalse();
        assertThat(HeaderBytes.firstInvalidValueChar("ok\u2028")).isEqualTo(2);
    }

    @Test
    void asciiStringWithAnOffsetReportsIndexesWithinTheString() {
        byte[] backing = "XX: a\rb".getBytes(StandardCharsets.ISO_8859_1);
        AsciiString value = new AsciiString(backing, 4, 3, false); // "a\rb"
        assertThat(value.arrayOffset()).isEqualTo(4);
        assertThat(HeaderBytes.firstInvalidValueChar(value)).isEqualTo(1);
        assertThat(HeaderBytes.isFieldValue(value)).isFalse();

        AsciiString name = new AsciiString(backing, 0, 4, false); // "XX: "
        assertThat(HeaderBytes.firstNonTchar(name)).isEqualTo(2);
        assertThat(HeaderBytes.isToken(new AsciiString(backing, 0, 2, false))).isTrue();

        byte[] obs = {'k', ':', (byte) 0xC3, (byte) 0xA9};
        assertThat(HeaderBytes.isFieldValue(new AsciiString(obs, 2, 2, false))).isTrue();
    }
}
