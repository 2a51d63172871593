package dev.sluice.proxy.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashingTest {

    /** Expected values computed with libxxhash 0.8.1 (XXH64). */
    @Test
    void matchesReferenceXxHash64() {
        assertThat(xxh("", 0)).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(xxh("a", 0)).isEqualTo(0xD24EC4F1A98C6E5BL);
        assertThat(xxh("abc", 0)).isEqualTo(0x44BC2CF5AD770999L);
        assertThat(xxh("tenant-42", 0)).isEqualTo(0xF9FBB9A903514F40L);
        // 13 bytes: one 8-byte lane, no 4-byte lane, 5 single bytes; with a seed.
        assertThat(xxh("abcdefgh12345", 7)).isEqualTo(0x2CC6E04AE1D3B315L);
        // 36 bytes: one 32-byte stripe plus a 4-byte tail; with a seed.
        assertThat(xxh("0123456789abcdefghijklmnopqrstuvwxyz", 12345)).isEqualTo(0x0050FDEDCF288068L);
        // 64 bytes: two full stripes.
        assertThat(xxh("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!?", 0))
                .isEqualTo(0xC02A83E75F3ED6EDL);
    }

    @Test
    void hash64OfTextHashesItsUtf8Bytes() {
        assertThat(Hashing.hash64("héllo wörld")).isEqualTo(0x60041BFEC530413CL);
        assertThat(Hashing.hash64(new StringBuilder("tenant-42"))).isEqualTo(0xF9FBB9A903514F40L);
    }

    @Test
    void hashesOnlyTheGivenRange() {
        byte[] padded = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hashing.xxHash64(padded, 2, 3, 0)).isEqualTo(0x44BC2CF5AD770999L);
        assertThatThrownBy(() -> Hashing.xxHash64(padded, 5, 3, 0))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("offset: 5, length: 3");
    }

    private static long xxh(String ascii, long seed) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        return Hashing.xxHash64(b, 0, b.length, seed);
    }
}
