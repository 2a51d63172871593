package dev.sluice.proxy.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The timer on an embedded channel with a frozen clock: every instant is chosen by the test. */
class ReadIdleTimerTest {
    private static final long IDLE_MS = 100;

    private EmbeddedChannel channel;
    private final AtomicInteger idleCalls = new AtomicInteger();
    private ReadIdleTimer timer;

    @BeforeEach
    void start() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        timer = new ReadIdleTimer(IDLE_MS, idleCalls::incrementAndGet);
        timer.start(channel);
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
    }

    /** Moves the clock on and runs what became due. */
    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void nothingReadForTheIdleTimeCallsTheOwnerOncePerIdlePeriod() {
        advance(IDLE_MS - 1);
        assertThat(idleCalls).hasValue(0);
        advance(1);
        assertThat(idleCalls).hasValue(1);
        // The owner let the channel live: asked again a full idle time later, not before.
        advance(IDLE_MS - 1);
        assertThat(idleCalls).hasValue(1);
        advance(1);
        assertThat(idleCalls).hasValue(2);
    }

    @Test
    void aReadStartsTheIdleTimeAgain() {
        advance(60);
        timer.readComplete();
        advance(40); // the first deadline: read 40 ms ago, so it re-arms for the 60 ms left
        assertThat(idleCalls).hasValue(0);
        advance(59);
        assertThat(idleCalls).hasValue(0);
        advance(1);
        assertThat(idleCalls).as("idle since the read at 60 ms").hasValue(1);
    }

    @Test
    void readsMoreOftenThanTheIdleTimeNeverCallTheOwner() {
        for (int i = 0; i < 10; i++) {
            advance(60);
            timer.readComplete();
        }
        assertThat(idleCalls).hasValue(0);
        advance(IDLE_MS);
        assertThat(idleCalls).hasValue(1);
    }

    @Test
    void stoppedItNeverCallsTheOwnerAndStartingAgainDoesNothing() {
        timer.stop();
        timer.start(channel);
        advance(10 * IDLE_MS);
        assertThat(idleCalls).hasValue(0);
    }

    @Test
    void aClosedChannelIsNotReported() {
        channel.close();
        advance(10 * IDLE_MS);
        assertThat(idleCalls).hasValue(0);
    }

    @Test
    void startingTwiceKeepsOneTimer() {
        timer.start(channel);
        advance(IDLE_MS);
        assertThat(idleCalls).hasValue(1);
    }
}
