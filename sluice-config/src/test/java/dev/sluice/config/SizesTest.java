package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void plainNumbersAreBytes() {
        assertThat(Sizes.parse("65536")).isEqualTo(65536);
        assertThat(Sizes.parse("0")).isZero();
        assertThat(Sizes.parse("12B")).isEqualTo(12);
    }

    @Test
    void binaryUnitsArePowersOf1024() {
        assertThat(Sizes.parse("64KiB")).isEqualTo(65536);
        assertThat(Sizes.parse("1MiB")).isEqualTo(1_048_576);
        assertThat(Sizes.parse("1GiB")).isEqualTo(1_073_741_824L);
        assertThat(Sizes.parse("2TiB")).isEqualTo(2L << 40);
    }

    @Test
    void decimalUnitsArePowersOf1000() {
        assertThat(Sizes.parse("10MB")).isEqualTo(10_000_000);
        assertThat(Sizes.parse("64KB")).isEqualTo(64_000);
        assertThat(Sizes.parse("1GB")).isEqualTo(1_000_000_000L);
    }

    @Test
    void unitsIgnoreCaseAndMayFollowASpace() {
        assertThat(Sizes.parse("64kib")).isEqualTo(65536);
        assertThat(Sizes.parse("100 MiB")).isEqualTo(100L << 20);
    }

    @Test
    void rejectsWhatIsNotASize() {
        assertThatThrownBy(() -> Sizes.parse("1.5MiB")).hasMessageStartingWith("invalid size '1.5MiB'");
        assertThatThrownBy(() -> Sizes.parse("-1")).hasMessageStartingWith("invalid size '-1'");
        assertThatThrownBy(() -> Sizes.parse("10K"))
                .hasMessage("unknown size unit 'K' in '10K' (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)");
        assertThatThrownBy(() -> Sizes.parse("")).hasMessageStartingWith("empty size");
        assertThatThrownBy(() -> Sizes.parse("9999999999TiB")).hasMessage("size '9999999999TiB' is too large");
    }

    @Test
    void formatsInTheLargestExactBinaryUnit() {
        assertThat(Sizes.format(65536)).isEqualTo("64KiB");
        assertThat(Sizes.format(100L << 20)).isEqualTo("100MiB");
        assertThat(Sizes.format(1000)).isEqualTo("1000");
        assertThat(Sizes.format(0)).isEqualTo("0");
    }
}
