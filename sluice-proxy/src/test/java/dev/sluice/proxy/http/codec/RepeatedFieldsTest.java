package dev.sluice.proxy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RepeatedFieldsTest {
    private final RepeatedFields fields = new RepeatedFields();

    private static byte[] head(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aNameRepeatedAtTheSamePositionIsTheSameObject() {
        byte[] first = head("xx Content-Type yy");
        AsciiString a = fields.name(0, first, 3, 15);
        byte[] second = head("Content-Type");
        AsciiString b = fields.name(0, second, 0, 12);
        assertThat((Object) b).isSameAs(a);
        assertThat(b.toString()).isEqualTo("Content-Type");
    }

    @Test
    void keptFieldsAreCopiesThatDoNotShareTheHead() {
        byte[] h = head("Host: example");
        AsciiString name = fields.name(0, h, 0, 4);
        AsciiString value = fields.value(0, h, 6, 13);
        Arrays.fill(h, (byte) 'z'); // the decoder's next head could be anything
        assertThat(name.toString()).isEqualTo("Host");
        assertThat(value.toString()).isEqualTo("example");
        assertThat(name.array()).isNotSameAs(h);
        assertThat(value.array()).isNotSameAs(h);
    }

    @Test
    void aDifferentValueOrCaseIsANewObjectWithItsOwnBytes() {
        AsciiString a = fields.value(0, head("gzip"), 0, 4);
        AsciiString b = fields.value(0, head("GZIP"), 0, 4);
        assertThat((Object) b).isNotSameAs(a);
        assertThat(b.toString()).isEqualTo("GZIP");
        AsciiString shorter = fields.value(0, head("gzi"), 0, 3);
        assertThat(shorter.toString()).isEqualTo("gzi");
        AsciiString name = fields.name(0, head("host"), 0, 4);
        assertThat((Object) fields.name(0, head("Host"), 0, 4)).isNotSameAs(name).hasToString("Host");
    }

    @Test
    void positionsAreIndependent() {
        AsciiString v0 = fields.value(0, head("a"), 0, 1);
        AsciiString v1 = fields.value(1, head("b"), 0, 1);
        assertThat((Object) fields.value(0, head("a"), 0, 1)).isSameAs(v0);
        assertThat((Object) fields.value(1, head("b"), 0, 1)).isSameAs(v1);
        assertThat((Object) fields.value(1, head("a"), 0, 1)).isNotSameAs(v0).hasToString("a");
    }

    @Test
    void aValueThatKeepsChangingIsACopyEveryTimeAndTheLatestIsKept() {
        for (int i = 1; i <= 3; i++) {
            byte[] h = head("tenant-" + i);
            AsciiString v = fields.value(0, h, 0, 8);
            assertThat(v.array()).isNotSameAs(h);
            assertThat(v.toString()).isEqualTo("tenant-" + i);
            h[7] = 'x'; // the decoder reuses its head array: what was handed out must not change
            assertThat(v.toString()).isEqualTo("tenant-" + i);
        }
        AsciiString kept = fields.value(0, head("tenant-4"), 0, 8);
        assertThat((Object) fields.value(0, head("tenant-4"), 0, 8)).isSameAs(kept);
    }

    @Test
    void longFieldsAndFarPositionsAreCopiesAndNeverKept() {
        String longValue = "v".repeat(RepeatedFields.MAX_KEPT_BYTES + 1);
        byte[] h = head(longValue);
        AsciiString a = fields.value(0, h, 0, h.length);
        assertThat(a.array()).isNotSameAs(h);
        assertThat(a.toString()).isEqualTo(longValue);
        assertThat((Object) fields.value(0, head(longValue), 0, h.length)).isNotSameAs(a);
        byte[] n = head("x-far");
        AsciiString far = fields.name(RepeatedFields.POSITIONS, n, 0, 5);
        assertThat(far.array()).isNotSameAs(n);
        assertThat((Object) fields.name(RepeatedFields.POSITIONS, head("x-far"), 0, 5)).isNotSameAs(far);
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
