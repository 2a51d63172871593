package dev.sluice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriorityLoadTest {

    @Test
    void healthAppliesTheOverprovisioningFactorAndCaps() {
        assertThat(PriorityLoad.health(10, 10, 1.4)).isEqualTo(100);
        assertThat(PriorityLoad.health(8, 10, 1.4)).isEqualTo(100); // 112% capped
        assertThat(PriorityLoad.health(5, 10, 1.4)).isEqualTo(70);
        assertThat(PriorityLoad.health(1, 3, 1.4)).isEqualTo(46);
        assertThat(PriorityLoad.health(0, 3, 1.4)).isZero();
        assertThat(PriorityLoad.health(0, 0, 1.4)).isZero();
        assertThat(PriorityLoad.health(5, 10, 1.0)).isEqualTo(50);
    }

    @Test
    void aHealthyPreferredLevelTakesEverything() {
        assertThat(PriorityLoad.loads(new int[] {100, 100})).containsExactly(100, 0);
        assertThat(PriorityLoad.loads(new int[] {100})).containsExactly(100);
    }

    @Test
    void trafficSpillsInProportionToTheMissingHealth() {
        // Envoy's documented example: P0 at 70% health keeps 70%, P1 takes the other 30%.
        assertThat(PriorityLoad.loads(new int[] {70, 100})).containsExactly(70, 30);
        assertThat(PriorityLoad.loads(new int[] {0, 100})).containsExactly(0, 100);
        assertThat(PriorityLoad.loads(new int[] {20, 30, 100})).containsExactly(20, 30, 50);
    }

    @Test
    void degradedLevelsTogetherAreScaledUpToAHundred() {
        // Total health 60: P0 gets 20/60, P1 40/60, rounding leftovers to the first level.
        int[] load = PriorityLoad.loads(new int[] {20, 40});
        assertThat(load).containsExactly(34, 66);
        assertThat(PriorityLoad.normalizedTotalHealth(new int[] {20, 40})).isEqualTo(60);
        assertThat(PriorityLoad.normalizedTotalHealth(new int[] {70, 100})).isEqualTo(100);
    }

    @Test
    void nothingHealthyFallsBackToThePreferredLevel() {
        assertThat(PriorityLoad.loads(new int[] {0, 0})).containsExactly(100, 0);
    }

    @Test
    void levelChoiceFollowsTheLoadSlices() {
        HostSet set = new HostSet(java.util.List.of(java.util.List.of(), java.util.List.of()), new int[] {70, 30}, false);
        assertThat(set.chooseLevel(0)).isZero();
        assertThat(set.chooseLevel(69)).isZero();
        assertThat(set.chooseLevel(70)).isEqualTo(1);
        assertThat(set.chooseLevel(99)).isEqualTo(1);
    }
}
