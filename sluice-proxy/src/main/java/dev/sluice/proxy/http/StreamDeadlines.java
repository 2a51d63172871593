package dev.sluice.proxy.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.TimeUnit;

/**
 * The response and idle deadlines of every stream on one worker loop, checked by one periodic
 * sweep instead of two scheduled tasks per request: scheduling and cancelling timers per request
 * costs an allocation and two priority-queue operations each, for timeouts that almost never fire.
 * Streams sit in an intrusive list (O(1) add and remove); the sweep runs every
 * {@value #TICK_MILLIS} ms, which is the resolution of every stream timeout.
 */
final class StreamDeadlines {
    static final long TICK_MILLIS = 50;
    private static final FastThreadLocal<StreamDeadlines> PER_LOOP = new FastThreadLocal<>();

    private final EventLoop loop;
    private ProxyStream head;
    private boolean ticking;

    private StreamDeadlines(EventLoop loop) {
        this.loop = loop;
    }

    /** The deadlines of the loop running the caller; call only on an event loop. */
    static StreamDeadlines of(EventLoop loop) {
        StreamDeadlines d = PER_LOOP.get();
        if (d == null) {
            d = new StreamDeadlines(loop);
            PER_LOOP.set(d);
        }
        return d;
    }

    void add(ProxyStream s) {
        s.deadlineNext = head;
        s.deadlinePrev = null;
        if (head != null) {
            head.deadlinePrev = s;
        }
        head = s;
        s.deadlineLinked = true;
        if (!ticking) {
            ticking = true;
            loop.scheduleAtFixedRate(this::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    void remove(ProxyStream s) {
        if (!s.deadlineLinked) {
            return;
        }
        s.deadlineLinked = false;
        if (s.deadlinePrev != null) {
            s.deadlinePrev.deadlineNext = s.deadlineNext;
        } else {
            head = s.deadlineNext;
        }
        if (s.deadlineNext != null) {
            s.deadlineNext.deadlinePrev = s.deadlinePrev;
        }
        s.deadlineNext = null;
        s.deadlinePrev = null;
    }

    private void sweep() {
        long now = System.nanoTime();
        ProxyStream s = head;
        while (s != null) {
            ProxyStream next = s.deadlineNext; // checking may unlink s
            s.checkDeadlines(now);
            s = next;
        }
    }
}
