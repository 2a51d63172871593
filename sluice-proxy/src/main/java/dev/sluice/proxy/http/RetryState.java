package dev.sluice.proxy.http;

import dev.sluice.config.model.RetryOn;
import dev.sluice.config.model.RetryPolicy;
import dev.sluice.proxy.upstream.ClusterBreakers;
import dev.sluice.proxy.upstream.ClusterRuntime;
import io.netty.buffer.ByteBufHolder;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry side of one exchange: which failures its policy retries, how many retries are left,
 * the cluster retry slot it holds, and a copy of the request to send again. The copy holds retained duplicates of the request's
 * buffers (no bytes are copied) while their total stays within {@code max_replay_bytes}; past
 * that the copy is dropped and the request is not retried. Confined to the stream's loop.
 */
final class RetryState {
    /** What went wrong with a try, in the terms of {@code retry_on}. */
    enum Failure { CONNECT_FAILURE, RESET, REFUSED_STREAM, TIMEOUT, STATUS }

    private final RetryPolicy policy;
    private final List<HttpObject> kept = new ArrayList<>(4);
    private long keptBytes;
    private boolean tooLarge;
    private int retries;
    private boolean holdsSlot;

    RetryState(RetryPolicy policy) {
        this.policy = policy;
    }

    RetryPolicy policy() {
        return policy;
    }

    /** Keeps a copy of a request object for replay (call after its framing is final). */
    void keep(HttpObject o) {
        if (tooLarge) {
            return;
        }
        int n = o instanceof HttpContent c ? c.content().readableBytes() : 0;
        if (keptBytes + n > policy.maxReplayBytes()) {
            tooLarge = true;
            release();
            return;
        }
        keptBytes += n;
        kept.add(copy(o));
    }

    /** Whether a try that failed this way may be retried: the policy lists it and retries are left. */
    boolean allows(Failure failure, int status) {
        if (tooLarge || retries >= policy.numRetries()) {
            return false;
        }
        Set<RetryOn> on = policy.retryOn();
        return switch (failure) {
            case CONNECT_FAILURE -> on.contains(RetryOn.FIVE_XX) || on.contains(RetryOn.GATEWAY_ERROR)
                    || on.contains(RetryOn.CONNECT_FAILURE);
            case RESET, TIMEOUT -> on.contains(RetryOn.FIVE_XX) || on.contains(RetryOn.GATEWAY_ERROR)
                    || on.contains(RetryOn.RESET);
            case REFUSED_STREAM -> on.contains(RetryOn.FIVE_XX) || on.contains(RetryOn.GATEWAY_ERROR)
                    || on.contains(RetryOn.RESET) || on.contains(RetryOn.REFUSED_STREAM);
            case STATUS -> (on.contains(RetryOn.FIVE_XX) && status >= 500)
                    || (on.contains(RetryOn.GATEWAY_ERROR) && status >= 502 && status <= 504)
                    || (on.contains(RetryOn.RETRIABLE_STATUS_CODES) && policy.retriableStatusCodes().contains(status));
        };
    }

    /**
     * Asks the cluster for a retry slot (its budget, or its max_retries breaker) and, when one is
     * granted, counts the retry.
     *
     * @return the back-off to wait before the retry's try, in nanoseconds; -1 when no slot was had
     */
    long begin(ClusterRuntime cluster, ClusterBreakers breakers) {
        if (holdsSlot) {
            // The previous retry's try is over: its slot goes back before this one asks for another.
            holdsSlot = false;
            breakers.retryFinished();
        }
        if (!breakers.tryStartRetry()) {
            if (breakers.budgeted()) {
                cluster.stats().retryBudgetExhausted().inc();
            } else {
                cluster.stats().breakerOverflow(breakers.label("max_retries")).inc();
            }
            return -1;
        }
        holdsSlot = true;
        retries++;
        cluster.stats().retries().inc();
        return RetryBackoff.delayNanos(retries, policy.baseInterval().toNanos(), policy.maxInterval().toNanos(),
                ThreadLocalRandom.current());
    }

    /** Retries begun so far; also identifies the current try (0 is the first). */
    int retries() {
        return retries;
    }

    /** The exchange is over: gives back the kept request and the retry slot. */
    void end(ClusterBreakers breakers) {
        release();
        if (holdsSlot) {
            holdsSlot = false;
            breakers.retryFinished();
        }
    }

    /** Fresh copies of the request objects for another try; the kept ones stay for the next. */
    PendingRequest replay() {
        PendingRequest out = new PendingRequest(kept.size() + 1);
        for (HttpObject o : kept) {
            out.add(copy(o));
        }
        return out;
    }

    private void release() {
        for (HttpObject o : kept) {
            ReferenceCountUtil.release(o);
        }
        kept.clear();
    }

    /**
     * A copy that can be written (and so released) on its own: a retained duplicate shares the
     * bytes but has its own indexes; a bodiless head gets its own headers, since a codec may
     * change the ones it writes.
     */
    private static HttpObject copy(HttpObject o) {
        if (o instanceof ByteBufHolder holder) {
            return (HttpObject) holder.retainedDuplicate();
        }
        if (o instanceof HttpRequest req) {
            return new DefaultHttpRequest(req.protocolVersion(), req.method(), req.uri(), req.headers().copy());
        }
        return o;
    }
}
