package dev.sluice.proxy.channel;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Arrays;

/**
 * The flushes one worker owes at the end of its current I/O batch. Every socket write wakes the
 * peer reading it; flushing each connection as soon as its own read ends wakes the client, then
 * the backend, then the client again, one exchange at a time, and on a busy core each of them
 * runs for one message and sleeps again. Flushing all connections after the loop has read every
 * ready socket, as HAProxy's task loop does, hands each peer all its messages in one wake-up.
 * Requests to backends go first: the backend starts on them while the responses are written.
 * The flushes run as a task of the loop, which Netty runs right after the batch's I/O.
 * Used from the loop's thread only.
 */
public final class FlushBatch implements Runnable {
    private final EventLoop loop;
    private final Queue upstream = new Queue();
    private final Queue downstream = new Queue();
    private boolean scheduled;

    public FlushBatch(EventLoop loop) {
        this.loop = loop;
    }

    /** Flushes a connection to a backend once this batch's I/O is done. */
    public void flushUpstreamLater(Channel channel) {
        upstream.add(channel);
        schedule();
    }

    /** Flushes a client connection once this batch's I/O is done, after the upstream ones. */
    public void flushDownstreamLater(Channel channel) {
        downstream.add(channel);
        schedule();
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        // A flush may complete writes whose listeners ask for more flushes: they join this pass.
        do {
            upstream.flushAll();
            downstream.flushAll();
        } while (upstream.size != 0 || downstream.size != 0);
        scheduled = false;
    }

    private static final class Queue {
        private Channel[] channels = new Channel[64];
        private int size;

        void add(Channel channel) {
            if (size > 0 && channels[size - 1] == channel) {
                return;
            }
            if (size == channels.length) {
                channels = Arrays.copyOf(channels, size * 2);
            }
            channels[size++] = channel;
        }

        void flushAll() {
            for (int i = 0; i < size; i++) {
                Channel c = channels[i];
                channels[i] = null;
                c.flush();
            }
            size = 0;
        }
    }
}
