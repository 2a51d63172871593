package dev.sluice.proxy.channel;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * A reader-idle timeout kept by a handler that is already in the pipeline, in place of Netty's
 * IdleStateHandler: that handler is one more hop for every channelRead and channelReadComplete
 * on the hot path. The check is the same: when nothing has been read for the idle time the owner
 * is told, and the next check is a full idle time later; otherwise the timer re-arms for what is
 * left. One scheduled task per channel at a time, on the channel's event loop.
 *
 * <p>Not thread-safe: every method runs on the channel's event loop.
 */
public final class ReadIdleTimer implements Runnable {
    private final long idleNanos;
    private final Runnable onIdle;
    private Channel channel;
    /** The event loop's clock once started (a test loop's may be virtual), as IdleStateHandler uses. */
    private Ticker ticker = Ticker.systemTicker();
    private ScheduledFuture<?> pending;
    private long lastReadNanos;
    private boolean stopped;

    /**
     * @param idleMillis how long without a read counts as idle; must be positive
     * @param onIdle run on the event loop each time the channel is found idle
     */
    public ReadIdleTimer(long idleMillis, Runnable onIdle) {
        if (idleMillis <= 0) {
            throw new IllegalArgumentException("idleMillis: %d (expected: > 0)".formatted(idleMillis));
        }
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.onIdle = onIdle;
    }

    /**
     * Starts timing from now. Call once the channel is active (handlerAdded on an active channel,
     * else channelActive); later calls, and calls after {@link #stop()}, do nothing.
     */
    public void start(Channel channel) {
        if (this.channel != null || stopped) {
            return;
        }
        this.channel = channel;
        ticker = channel.eventLoop().ticker();
        lastReadNanos = ticker.nanoTime();
        schedule(idleNanos);
    }

    /**
     * The end of a read batch: call from channelReadComplete. Handlers behind a decoder see no
     * channelRead for bytes that did not complete a message, but every batch ends here, so a
     * client sending a head slowly is not idle. (Unlike IdleStateHandler this also counts a rare
     * batch that read nothing, such as the one reporting EOF, which closes the channel anyway.)
     */
    public void readComplete() {
        lastReadNanos = ticker.nanoTime();
    }

    /** Cancels the timer for good: call from channelInactive. */
    public void stop() {
        stopped = true;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** The scheduled check (the timer is its own task: no extra object per arm); not for callers. */
    @Override
    public void run() {
        pending = null;
        if (stopped || !channel.isOpen()) {
            return;
        }
        long left = idleNanos - (ticker.nanoTime() - lastReadNanos);
        if (left > 0) {
            schedule(left); // read since the timer was armed: idle no earlier than last read + idle
            return;
        }
        // Armed again first, as IdleStateHandler does: an owner that lets the idle channel live
        // (a request is in progress) is asked again after another full idle time.
        schedule(idleNanos);
        onIdle.run();
    }

    private void schedule(long delayNanos) {
        pending = channel.eventLoop().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }
}
