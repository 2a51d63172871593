package dev.sluice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SuccessRateEjectionTest {

    @Test
    void meanAndPopulationStdev() {
        double[] rates = {100, 100, 100, 100, 50};
        assertThat(SuccessRateEjection.mean(rates)).isEqualTo(90.0);
        assertThat(SuccessRateEjection.stdev(rates)).isCloseTo(20.0, within(1e-9));
        assertThat(SuccessRateEjection.threshold(rates, 1.9)).isCloseTo(52.0, within(1e-9));
    }

    @Test
    void theHostBelowMeanMinusFactorTimesStdevIsAnOutlier() {
        assertThat(SuccessRateEjection.outliers(new double[] {100, 100, 100, 100, 50}, 1.9)).containsExactly(4);
        // A wider factor forgives it.
        assertThat(SuccessRateEjection.outliers(new double[] {100, 100, 100, 100, 50}, 2.1)).isEmpty();
    }

    @Test
    void uniformRatesHaveNoOutliers() {
        assertThat(SuccessRateEjection.outliers(new double[] {80, 80, 80}, 1.9)).isEmpty();
        assertThat(SuccessRateEjection.stdev(new double[] {80, 80, 80})).isZero();
    }

    @Test
    void factorZeroTurnsTheRuleOff() {
        assertThat(SuccessRateEjection.outliers(new double[] {100, 0}, 0)).isEmpty();
        assertThat(SuccessRateEjection.outliers(new double[] {}, 1.9)).isEmpty();
    }
}
