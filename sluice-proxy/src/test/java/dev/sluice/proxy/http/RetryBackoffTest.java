package dev.sluice.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    private static final long BASE = TimeUnit.MILLISECONDS.toNanos(25);
    private static final long MAX = TimeUnit.MILLISECONDS.toNanos(250);

    @Test
    void ceilingGrowsAsTwoToTheNMinusOneTimesBaseUpToMax() {
        assertThat(RetryBackoff.ceilingNanos(1, BASE, MAX)).isEqualTo(BASE);
        assertThat(RetryBackoff.ceilingNanos(2, BASE, MAX)).isEqualTo(3 * BASE);
        assertThat(RetryBackoff.ceilingNanos(3, BASE, MAX)).isEqualTo(7 * BASE);
        assertThat(RetryBackoff.ceilingNanos(4, BASE, MAX)).isEqualTo(MAX);
        assertThat(RetryBackoff.ceilingNanos(1000, BASE, MAX)).isEqualTo(MAX);
    }

    @Test
    void delayIsUniformWithinTheCeiling() {
        RandomGenerator random = new SplittableRandom(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            long d = RetryBackoff.delayNanos(2, BASE, MAX, random);
            assertThat(d).isBetween(0L, 3 * BASE);
            min = Math.min(min, d);
            max = Math.max(max, d);
            sum += d;
        }
        // Full jitter: the whole range is used, the mean is in the middle.
        assertThat(min).isLessThan(3 * BASE / 20);
        assertThat(max).isGreaterThan(3 * BASE * 19 / 20);
        assertThat(sum / n).isBetween(3 * BASE * 0.45, 3 * BASE * 0.55);
    }

    @Test
    void zeroBaseMeansNoWait() {
        assertThat(RetryBackoff.delayNanos(3, 0, MAX, new SplittableRandom(1))).isZero();
    }

    @Test
    void retryNumbersStartAtOne() {
        assertThatThrownBy(() -> RetryBackoff.ceilingNanos(0, BASE, MAX))
                .hasMessage("retry: 0 (expected: >= 1)");
    }
}
