package dev.sluice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.config.model.RoutingPriority;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

class WeightedSplitPickTest {
    private static final RouteTarget A = RouteTarget.perTenant(null, null, RoutingPriority.DEFAULT);
    private static final RouteTarget B = RouteTarget.perTenant(null, null, RoutingPriority.DEFAULT);

    @Test
    void eachTargetOwnsAShareOfTheTotal() {
        WeightedSplit s = new WeightedSplit(new RouteTarget[] {A, B}, new int[] {7, 8}, new int[] {95, 5}, null);
        assertThat(s.target(s.pick(0))).isSameAs(A);
        assertThat(s.statsId(s.pick(0))).isEqualTo(7);
        assertThat(s.target(s.pick(94))).isSameAs(A);
        assertThat(s.target(s.pick(95))).isSameAs(B);
        assertThat(s.statsId(s.pick(99))).isEqualTo(8);
    }

    @Test
    void randomPicksFollowTheWeights() {
        WeightedSplit s = new WeightedSplit(new RouteTarget[] {A, B}, new int[] {0, 1}, new int[] {3, 1},
                AsciiString.of("x-c"));
        int b = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            if (s.target(s.pick(new DefaultHttpHeaders())) == B) {
                b++;
            }
        }
        assertThat(b).isBetween(n / 4 - 600, n / 4 + 600);
    }

    @Test
    void weightsMustBePositive() {
        assertThatThrownBy(() -> new WeightedSplit(new RouteTarget[] {A}, new int[] {0}, new int[] {0}, null))
                .hasMessage("weight: 0 (expected: >= 1)");
    }
}
