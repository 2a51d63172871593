package dev.sluice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EjectionBackoffTest {
    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void growsLinearlyWithEachEjection() {
        assertThat(EjectionBackoff.nanos(BASE, MAX, 1)).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(EjectionBackoff.nanos(BASE, MAX, 2)).isEqualTo(Duration.ofSeconds(60).toNanos());
        assertThat(EjectionBackoff.nanos(BASE, MAX, 4)).isEqualTo(Duration.ofSeconds(120).toNanos());
    }

    @Test
    void isCappedAtTheMaximum() {
        assertThat(EjectionBackoff.nanos(BASE, MAX, 10)).isEqualTo(MAX.toNanos());
        assertThat(EjectionBackoff.nanos(BASE, MAX, Integer.MAX_VALUE)).isEqualTo(MAX.toNanos());
    }

    @Test
    void aMaximumBelowTheBaseNeverShortensTheBase() {
        assertThat(EjectionBackoff.nanos(BASE, Duration.ofSeconds(1), 3)).isEqualTo(BASE.toNanos());
    }
}
