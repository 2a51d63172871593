package dev.sluice.proxy.http;

import dev.sluice.proxy.upstream.ClusterBreakers;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;

/**
 * One try's request held while its upstream connection is being opened: the head and whatever body
 * arrives meanwhile, written upstream in order once a connection is leased. While waiting it may
 * also hold a slot of the cluster's max_pending_requests breaker, given back exactly once.
 * Confined to the stream's loop.
 *
 * <p>One is made for every proxied request, so the objects sit in an array of its own rather than
 * in a collection inside it: two allocations, not three.
 */
final class PendingRequest {
    /**
     * Body held before reads pause; the write high-water mark. Pausing at once split small
     * requests: the backend got the head and part of the body, could answer before the rest, and
     * both connections then had to close.
     */
    private static final int BODY_LIMIT = 64 * 1024;

    private HttpObject[] held;
    private int first;
    private int end;
    private int bodyBytes;
    private boolean holdsSlot;

    PendingRequest(int capacity) {
        held = new HttpObject[capacity];
    }

    void add(HttpObject o) {
        if (end == held.length) {
            held = Arrays.copyOf(held, Math.max(4, end * 2));
        }
        held[end++] = o;
    }

    /** Holds a body chunk; true when the held body is past the limit and reads should pause. */
    boolean addBody(HttpContent content) {
        add(content);
        bodyBytes += content.content().readableBytes();
        return bodyBytes > BODY_LIMIT;
    }

    /** Writes everything held to the leased connection, in order; the caller flushes. */
    void writeTo(Channel upstream) {
        HttpObject o;
        while ((o = poll()) != null) {
            upstream.write(o, upstream.voidPromise());
        }
        bodyBytes = 0;
    }

    /** Drops everything held (the try is over without having been sent). */
    void release() {
        HttpObject o;
        while ((o = poll()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    // One object at a time, so a release re-entered from a write leaves nothing to write twice.
    private HttpObject poll() {
        if (first == end) {
            first = 0;
            end = 0;
            return null;
        }
        HttpObject o = held[first];
        held[first++] = null;
        return o;
    }

    /** Takes a max_pending_requests slot for a request still without a connection; false when full. */
    boolean tryTakeSlot(ClusterBreakers breakers) {
        if (!breakers.tryStartPending()) {
            return false;
        }
        holdsSlot = true;
        return true;
    }

    void giveBackSlot(ClusterBreakers breakers) {
        if (holdsSlot) {
            holdsSlot = false;
            breakers.pendingFinished();
        }
    }
}
