package dev.sluice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

class WeightedSplitPickTest {
    private static final RouteTarget A = new RouteTarget(null, null, "a", null);
    private static final RouteTarget B = new RouteTarget(null, null, "b", null);

    @Test
    void eachTargetOwnsAShareOfTheTotal() {
        WeightedSplit s = new WeightedSplit(new RouteTarget[] {A, B}, new int[] {95, 5}, null);
        assertThat(s.pick(0)).isSameAs(A);
        assertThat(s.pick(94)).isSameAs(A);
        assertThat(s.pick(95)).isSameAs(B);
        assertThat(s.pick(99)).isSameAs(B);
    }

    @Test
    void randomPicksFollowTheWeights() {
        WeightedSplit s = new WeightedSplit(new RouteTarget[] {A, B}, new int[] {3, 1}, AsciiString.of("x-c"));
        int b = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            if (s.pick(new DefaultHttpHeaders()) == B) {
                b++;
            }
        }
        assertThat(b).isBetween(n / 4 - 600, n / 4 + 600);
    }

    @Test
    void weightsMustBePositive() {
        assertThatThrownBy(() -> new WeightedSplit(new RouteTarget[] {A}, new int[] {0}, null))
                .hasMessage("weight: 0 (expected: >= 1)");
    }
}
