package dev.sluice.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.config.model.CircuitBreakers;
import dev.sluice.config.model.RetryBudget;
import dev.sluice.config.model.RetryOn;
import dev.sluice.config.model.RetryPolicy;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterBreakersTest {

    private static RetryPolicy policy(RetryBudget budget) {
        return new RetryPolicy(Set.of(RetryOn.FIVE_XX), 3, null, Set.of(), Duration.ofMillis(25),
                Duration.ofMillis(250), budget, 65536);
    }

    @Test
    void retryLimitIsAShareOfActiveRequestsWithAFloor() {
        assertThat(ClusterBreakers.retryLimit(20, 3, 0)).isEqualTo(3);
        assertThat(ClusterBreakers.retryLimit(20, 3, 14)).isEqualTo(3);
        assertThat(ClusterBreakers.retryLimit(20, 3, 20)).isEqualTo(4);
        assertThat(ClusterBreakers.retryLimit(20, 3, 24)).isEqualTo(4);
        assertThat(ClusterBreakers.retryLimit(20, 3, 1000)).isEqualTo(200);
        assertThat(ClusterBreakers.retryLimit(100, 0, 7)).isEqualTo(7);
        assertThat(ClusterBreakers.retryLimit(20, 0, 4)).isZero();
    }

    @Test
    void requestBreakerRefusesPastTheLimitAndRecovers() {
        ClusterBreakers b = new ClusterBreakers(new CircuitBreakers(10, 10, 2, 10), null);
        assertThat(b.tryStartRequest()).isTrue();
        assertThat(b.tryStartRequest()).isTrue();
        assertThat(b.tryStartRequest()).isFalse();
        assertThat(b.activeRequests()).isEqualTo(2);
        b.requestFinished();
        assertThat(b.tryStartRequest()).isTrue();
    }

    @Test
    void pendingAndConnectionBreakers() {
        ClusterBreakers b = new ClusterBreakers(new CircuitBreakers(1, 0, 10, 10), null);
        assertThat(b.tryStartPending()).isFalse();
        assertThat(b.tryOpenConnection()).isTrue();
        assertThat(b.tryOpenConnection()).isFalse();
        b.connectionClosed();
        assertThat(b.tryOpenConnection()).isTrue();
        assertThat(b.pendingRequests()).isZero();
    }

    @Test
    void withoutABudgetMaxRetriesLimitsRetries() {
        ClusterBreakers b = new ClusterBreakers(new CircuitBreakers(10, 10, 10, 1), policy(null));
        assertThat(b.budgeted()).isFalse();
        assertThat(b.tryStartRetry()).isTrue();
        assertThat(b.tryStartRetry()).isFalse();
        b.retryFinished();
        assertThat(b.tryStartRetry()).isTrue();
    }

    @Test
    void budgetFollowsActiveRequests() {
        ClusterBreakers b = new ClusterBreakers(CircuitBreakers.DEFAULT, policy(new RetryBudget(20, 1)));
        assertThat(b.budgeted()).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(b.tryStartRequest()).isTrue();
        }
        // 20 % of 10 active requests: 2 retries in flight
        assertThat(b.tryStartRetry()).isTrue();
        assertThat(b.tryStartRetry()).isTrue();
        assertThat(b.tryStartRetry()).isFalse();
        assertThat(b.activeRetries()).isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            b.requestFinished();
        }
        // 5 active: the floor of 1 applies, and 2 are already in flight
        b.retryFinished();
        assertThat(b.tryStartRetry()).isFalse();
        b.retryFinished();
        assertThat(b.tryStartRetry()).isTrue();
    }
}
