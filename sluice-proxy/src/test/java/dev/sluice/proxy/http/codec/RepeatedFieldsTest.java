package dev.sluice.proxy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RepeatedFieldsTest {
    private final RepeatedFields fields = new RepeatedFields();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Keeps {@code line} ("name: value", one space of OWS) at {@code index}, as the decoder would. */
    private boolean keep(int index, String line) {
        byte[] h = bytes(line);
        int colon = line.indexOf(':');
        return fields.keep(index, h, 0, colon, colon + 2, h.length, h.length);
    }

    private boolean repeats(int index, String line) {
        byte[] h = bytes("xx" + line + "yy"); // the line sits inside a bigger head
        return fields.repeats(index, h, 2, 2 + line.length());
    }

    @Test
    void aLineRepeatedAtTheSamePositionIsRecognisedAndKeepsItsObjects() {
        assertThat(repeats(0, "Content-Type: text/plain")).isFalse();
        assertThat(keep(0, "Content-Type: text/plain")).isTrue();
        AsciiString name = fields.name(0);
        AsciiString value = fields.value(0);
        assertThat(repeats(0, "Content-Type: text/plain")).isTrue();
        assertThat((Object) fields.name(0)).isSameAs(name);
        assertThat((Object) fields.value(0)).isSameAs(value);
        assertThat(name.toString()).isEqualTo("Content-Type");
        assertThat(value.toString()).isEqualTo("text/plain");
        assertThat(fields.valueFrom(0)).isEqualTo(14);
        assertThat(fields.valueTo(0)).isEqualTo(24);
    }

    @Test
    void anyByteDifferenceIsNotARepeat() {
        keep(0, "Host: example");
        assertThat(repeats(0, "host: example")).isFalse();
        assertThat(repeats(0, "Host: exampl")).isFalse();
        assertThat(repeats(0, "Host: example ")).isFalse();
        assertThat(repeats(0, "Host:  example")).isFalse();
        assertThat(repeats(1, "Host: example")).isFalse();
    }

    @Test
    void keptFieldsAreCopiesThatDoNotShareTheHead() {
        byte[] h = bytes("Host: example");
        fields.keep(0, h, 0, 4, 6, 13, 13);
        AsciiString name = fields.name(0);
        AsciiString value = fields.value(0);
        Arrays.fill(h, (byte) 'z'); // the decoder's next head could be anything
        assertThat(name.toString()).isEqualTo("Host");
        assertThat(value.toString()).isEqualTo("example");
        assertThat(name.array()).isNotSameAs(h);
        assertThat(value.array()).isNotSameAs(h);
        assertThat(repeats(0, "Host: example")).isTrue();
    }

    @Test
    void aChangedValueKeepsTheNameObjectAndWhatWasHandedOutStaysAsItWas() {
        keep(0, "X-Scope-OrgID: tenant-1");
        AsciiString name = fields.name(0);
        AsciiString first = fields.value(0);
        keep(0, "X-Scope-OrgID: tenant-2");
        assertThat((Object) fields.name(0)).isSameAs(name);
        assertThat((Object) fields.value(0)).isNotSameAs(first);
        assertThat(fields.value(0).toString()).isEqualTo("tenant-2");
        assertThat(first.toString()).isEqualTo("tenant-1");
        assertThat(repeats(0, "X-Scope-OrgID: tenant-1")).isFalse();
        assertThat(repeats(0, "X-Scope-OrgID: tenant-2")).isTrue();
    }

    @Test
    void aNameInAnotherCaseIsANewObject() {
        keep(0, "host: h");
        AsciiString lower = fields.name(0);
        keep(0, "Host: h");
        assertThat((Object) fields.name(0)).isNotSameAs(lower);
        assertThat(fields.name(0).toString()).isEqualTo("Host");
    }

    @Test
    void positionsAreIndependent() {
        keep(0, "a: 1");
        keep(1, "b: 2");
        assertThat(repeats(0, "a: 1")).isTrue();
        assertThat(repeats(1, "b: 2")).isTrue();
        assertThat(repeats(1, "a: 1")).isFalse();
        assertThat(fields.name(1).toString()).isEqualTo("b");
    }

    @Test
    void longLinesAndFarPositionsAreNotKept() {
        String longLine = "X-Long: " + "v".repeat(RepeatedFields.MAX_KEPT_LINE);
        assertThat(keep(0, longLine)).isFalse();
        assertThat(repeats(0, longLine)).isFalse();
        assertThat(keep(RepeatedFields.POSITIONS, "x-far: 1")).isFalse();
        assertThat(repeats(RepeatedFields.POSITIONS, "x-far: 1")).isFalse();
        String longest = "X-Long: " + "v".repeat(RepeatedFields.MAX_KEPT_LINE - 8);
        assertThat(keep(0, longest)).isTrue();
        assertThat(repeats(0, longest)).isTrue();
    }

    @Test
    void anEmptyValueIsKept() {
        byte[] h = bytes("X-Empty:");
        assertThat(fields.keep(0, h, 0, 7, 8, 8, 8)).isTrue();
        assertThat(fields.value(0).length()).isZero();
        assertThat(fields.valueFrom(0)).isEqualTo(8);
        assertThat(fields.valueTo(0)).isEqualTo(8);
    }

    @Test
    void theCapacityHintFollowsTheLastMessage() {
        assertThat(fields.capacityHint()).isEqualTo(16);
        fields.counted(3);
        assertThat(fields.capacityHint()).isEqualTo(7);
        fields.counted(0);
        assertThat(fields.capacityHint()).isEqualTo(4);
    }
}
