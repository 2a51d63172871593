package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEachUnit() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void parsesSums() {
        assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h1m1s1ms")).isEqualTo(Duration.ofMillis(3_661_001));
    }

    @Test
    void rejectsBareNumbersWithAHint() {
        assertThatThrownBy(() -> Durations.parse("60"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration 60 has no unit; write e.g. 60s or 60ms (units: ms, s, m, h)");
        assertThatThrownBy(() -> Durations.parse("1.5"))
                .hasMessage("duration 1.5 has no unit; write e.g. 1.5s or 1.5ms (units: ms, s, m, h)");
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[] {"", "s", "1.5s", "-1s", "10 s", "1d", "5S", "PT5S", "1m 30s"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Durations.parse("99999999999999999999h")).hasMessageContaining("too large");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.parse(Durations.format(Duration.ofMillis(1500)))).isEqualTo(Duration.ofMillis(1500));
    }
}
