package dev.sluice.proxy.http;

import dev.sluice.config.model.Cluster;
import dev.sluice.config.model.LbPolicy;
import dev.sluice.config.model.Listener;
import dev.sluice.config.model.RetryPolicy;
import dev.sluice.config.model.UpstreamProtocol;
import dev.sluice.proxy.ProxyContext;
import dev.sluice.proxy.accesslog.AccessLogEntry;
import dev.sluice.proxy.accesslog.AccessLogWriter;
import dev.sluice.proxy.lb.Hashing;
import dev.sluice.proxy.lb.PickContext;
import dev.sluice.proxy.route.ListenerRouter;
import dev.sluice.proxy.route.RouteSink;
import dev.sluice.proxy.route.RouteTarget;
import dev.sluice.proxy.upstream.AcquireCallback;
import dev.sluice.proxy.upstream.ClusterBreakers;
import dev.sluice.proxy.upstream.ClusterPool;
import dev.sluice.proxy.upstream.ResponseListener;
import dev.sluice.proxy.upstream.StreamRefusedException;
import dev.sluice.proxy.upstream.UpstreamHost;
import dev.sluice.proxy.upstream.UpstreamLease;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One proxied exchange: a downstream request streamed to one upstream and its response streamed
 * back. Lives on the downstream channel's event loop, which is also the upstream channel's, so
 * it needs no locks. Backpressure both ways: a side that can't take more stops the other side's
 * reads until it drains.
 *
 * <p>Failure rules: before response headers went downstream, a failure becomes a typed local
 * reply; after, the downstream connection (HTTP/1.1) or stream (HTTP/2) is reset, so a client
 * never sees a truncated body that looks complete.
 */
public final class ProxyStream implements ResponseListener, AcquireCallback, RouteSink {
    private final ProxyContext context;
    private final DownstreamHandler downstream;
    private final ChannelHandlerContext dctx;
    private final boolean h2;
    private final Listener listenerConfig;
    private final ListenerRouter router;
    private final long startNanos = System.nanoTime();

    private HttpRequest request;
    private String method;
    private String path;
    private boolean head;
    private boolean clientKeepAlive;
    private boolean http10;
    private CharSequence requestId;
    private RouteTarget target;
    private int statsId; // the row of the worker's counters this request counts under
    private UpstreamHost host;
    private UpstreamLease lease;
    private Channel upstream;
    // The current try's request until its connection is leased.
    private PendingRequest pending;
    private ClusterPool pool;
    private PickContext pickContext;
    // Which shared counters this exchange holds, so each is given back exactly once (the
    // max_pending_requests slot is held in PendingRequest).
    private boolean hostActive;
    private boolean requestCounted;
    // Null unless the cluster retries; see RetryState.
    private RetryState retry;
    private boolean tryTimerArmed;
    private long tryDeadlineNanos;

    private boolean requestComplete;
    private boolean acquiring;
    private boolean discarding;
    private boolean responseStarted;
    private boolean swallowInformationalEnd;
    private boolean done;
    private boolean closeConnection;
    private boolean upstreamKeepAlive = true;
    private int status;
    private String cause;
    private long requestBytes;
    private long responseBytes;
    private long upstreamHeadersNanos;
    private long lastActivityNanos = startNanos;
    private long responseDeadlineNanos;
    private boolean responseTimerArmed;
    private long idleTimeoutNanos;
    private StreamDeadlines deadlines;
    // Intrusive links of the worker's deadline list (see StreamDeadlines).
    ProxyStream deadlinePrev;
    ProxyStream deadlineNext;
    boolean deadlineLinked;

    ProxyStream(ProxyContext context, DownstreamHandler downstream, ChannelHandlerContext dctx, boolean h2,
            Listener listenerConfig, ListenerRouter router) {
        this.context = context;
        this.downstream = downstream;
        this.dctx = dctx;
        this.h2 = h2;
        this.listenerConfig = listenerConfig;
        this.router = router;
    }

    // ---- downstream side -------------------------------------------------------------------

    /** Starts the exchange with the request head (which may also be the whole request). */
    void start(HttpRequest req) {
        this.request = req;
        this.method = req.method().name();
        this.path = ListenerRouter.pathOf(req.uri());
        this.head = req.method() == HttpMethod.HEAD;
        this.http10 = req.protocolVersion() == HttpVersion.HTTP_1_0;
        this.clientKeepAlive = h2 || HttpUtil.isKeepAlive(req);
        DecoderResult dr = req.decoderResult();
        if (dr.isFailure()) {
            // A fresh id, so even a reply to garbage can be found in the access log; any
            // x-request-id in a request that failed to parse is not to be trusted.
            requestId = HeaderRewriter.newRequestId();
            localReply(DownstreamErrors.causeOf(dr.cause()));
            ReferenceCountUtil.release(req);
            return;
        }
        router.route(method, path, req.headers(), this);
        requestId = HeaderRewriter.rewriteRequest(req.headers(), downstream.clientIp(), h2);
        if (target.rejected()) {
            discardRequest(req);
            localReply(target.reject());
            return;
        }
        long maxBody = listenerConfig.limits().maxBodyBytes();
        if (maxBody > 0 && HttpUtil.getContentLength(req, -1L) > maxBody) {
            ReferenceCountUtil.release(req);
            closeConnection = true;
            localReply(Cause.BODY_TOO_LARGE);
            return;
        }
        if (context.draining() && !h2) {
            closeConnection = true;
        }
        Cluster cluster = target.cluster().config();
        ClusterBreakers breakers = target.breakers();
        if (!breakers.tryStartRequest()) {
            target.cluster().stats().breakerOverflow(breakers.label("max_requests")).inc();
            discardRequest(req);
            localReply(Cause.BREAKER_MAX_REQUESTS);
            return;
        }
        requestCounted = true;
        pool = downstream.worker().pool(target.cluster());
        pickContext = pickContext(cluster, req);
        host = pool.pick(pickContext);
        if (host == null) {
            discardRequest(req);
            localReply(Cause.NO_HEALTHY_UPSTREAM);
            return;
        }
        if (req instanceof LastHttpContent last) {
            if (!onRequestBytes(last.content().readableBytes())) {
                ReferenceCountUtil.release(req);
                return;
            }
            requestComplete = true;
        }
        Http1Framing.frameRequest(req, h2 && cluster.protocol() == UpstreamProtocol.HTTP1);
        RetryPolicy retryPolicy = cluster.resilience().retry();
        if (retryPolicy != null && retryPolicy.numRetries() > 0) {
            retry = new RetryState(retryPolicy);
            retry.keep(req);
        }
        pending = new PendingRequest(4);
        pending.add(req);
        armTimers(cluster);
        host.requestStarted();
        hostActive = true;
        host.requestCounter().inc();
        // A pooled connection is leased synchronously, inside this read batch: its first flush is
        // left to the batch's end, so headers and body leave in one write.
        acquiring = true;
        pool.acquire(host, target.priority(), this, this);
        acquiring = false;
        countPendingWhileConnecting();
    }

    @Override
    public void routeTo(RouteTarget target, int statsId) {
        this.target = target;
        this.statsId = statsId;
    }

    /** A request still without a connection after acquire waits: max_pending_requests bounds those. */
    private void countPendingWhileConnecting() {
        if (lease != null || done) {
            return;
        }
        ClusterBreakers breakers = target.breakers();
        if (!pending.tryTakeSlot(breakers)) {
            target.cluster().stats().breakerOverflow(breakers.label("max_pending_requests")).inc();
            fail(Cause.BREAKER_MAX_PENDING_REQUESTS, null);
        }
    }

    private void pendingDone() {
        if (pending != null) {
            pending.giveBackSlot(target.breakers());
        }
    }

    /** Hashing policies key on the tenant, so one tenant's traffic sticks to the same endpoints. */
    private PickContext pickContext(Cluster cluster, HttpRequest req) {
        LbPolicy p = cluster.lbPolicy();
        if (p != LbPolicy.RING_HASH && p != LbPolicy.MAGLEV) {
            return PickContext.NONE;
        }
        String key = router.tenant(req.headers());
        return key == null ? PickContext.NONE : PickContext.withHash(Hashing.hash64(key));
    }

    /** A request body chunk or the last chunk (with trailers). */
    void onRequestContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            malformedBody(content.decoderResult().cause());
            return;
        }
        if (done || discarding) {
            if (content instanceof LastHttpContent) {
                requestComplete = true;
                downstream.requestDrained(this);
            }
            content.release();
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (content instanceof LastHttpContent) {
            requestComplete = true;
            armResponseTimer(lastActivityNanos);
        }
        if (!onRequestBytes(content.content().readableBytes())) {
            content.release();
            return;
        }
        if (retry != null) {
            retry.keep(content);
        }
        if (upstream == null) {
            // Still connecting: hold the body, up to a bound, then read no more until connected.
            if (pending.addBody(content)) {
                dctx.channel().config().setAutoRead(false);
            }
            return;
        }
        upstream.write(content, upstream.voidPromise());
        if (!upstream.isWritable()) {
            dctx.channel().config().setAutoRead(false);
        }
    }

    /**
     * The request body broke the framing (a bad chunk): the upstream must not see it end cleanly,
     * so its connection is dropped, and the client's is closed after a 400 (or at once if a
     * response is already under way).
     */
    private void malformedBody(Throwable cause) {
        closeConnection = true;
        if (done || discarding) {
            requestComplete = true;
            dctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        fail(Cause.MALFORMED_REQUEST, cause);
    }

    /** Counts request body bytes; false (and a 413 or reset) when the listener's limit is passed. */
    private boolean onRequestBytes(int n) {
        requestBytes += n;
        long max = listenerConfig.limits().maxBodyBytes();
        if (max > 0 && requestBytes > max) {
            closeConnection = true;
            fail(Cause.BODY_TOO_LARGE, null);
            return false;
        }
        return true;
    }

    /** End of a client read batch: one flush upstream, with the worker's batch, not per chunk. */
    void onDownstreamReadComplete() {
        if (upstream != null && !done) {
            downstream.worker().flushes().flushUpstreamLater(upstream);
        }
    }

    void onDownstreamWritability(boolean writable) {
        if (upstream != null && !done) {
            upstream.config().setAutoRead(writable);
        }
    }

    /** The client went away: cancel the upstream request. */
    void onDownstreamClosed() {
        if (done) {
            return;
        }
        cause = "downstream_reset";
        releaseUpstream(false);
        finish(0);
    }

    boolean requestComplete() {
        return requestComplete;
    }

    boolean closeConnectionAfter() {
        return closeConnection || !clientKeepAlive;
    }

    void closeConnectionAfterResponse() {
        closeConnection = true;
    }

    private void discardRequest(HttpRequest req) {
        if (req instanceof LastHttpContent) {
            requestComplete = true;
        } else {
            discarding = true;
        }
        ReferenceCountUtil.release(req);
    }

    // ---- upstream side ---------------------------------------------------------------------

    /** The first try's lease; a retry's comes through {@link #acquireForRetry}. */
    @Override
    public void onLease(UpstreamLease lease) {
        if (retry != null && retry.retries() != 0) {
            lease.release(false); // the first try was given up (per-try timeout) before it connected
            return;
        }
        leased(lease);
    }

    private void leased(UpstreamLease lease) {
        if (done) {
            lease.release(false);
            releasePending();
            return;
        }
        pendingDone();
        this.lease = lease;
        this.upstream = lease.channel();
        pending.writeTo(upstream);
        if (!acquiring) {
            upstream.flush();
        }
        if (upstream.isWritable()) {
            // Reads resume (if paused while connecting); after a complete request they stay on so a
            // client that goes away is noticed; a pipelined request waits in DownstreamHandler.
            dctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void onLeaseFailure(boolean overflow, Throwable failure) {
        if (retry != null && retry.retries() != 0) {
            return;
        }
        leaseFailed(overflow, failure);
    }

    private void leaseFailed(boolean overflow, Throwable failure) {
        if (done) {
            return;
        }
        pendingDone();
        if (host != null) {
            target.cluster().stats()
                    .endpointError(host.address().toString(), overflow ? "overflow" : "connect_failure").inc();
            if (!overflow) {
                host.health().recordGatewayFailure();
            }
        }
        if (!overflow && retryAfter(RetryState.Failure.CONNECT_FAILURE, 0)) {
            return;
        }
        fail(!overflow ? Cause.UPSTREAM_CONNECT_FAILURE
                : failure == ClusterBreakers.CONNECTIONS_OVERFLOW ? Cause.BREAKER_MAX_CONNECTIONS
                : Cause.UPSTREAM_OVERFLOW, failure);
    }

    @Override
    public void onResponseObject(HttpObject msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (msg instanceof HttpResponse res) {
            if (!onResponseHead(res)) {
                return;
            }
        } else if (msg.decoderResult().isFailure()) {
            // A body that broke its framing: the client must not see it end cleanly.
            ReferenceCountUtil.release(msg);
            fail(Cause.BAD_UPSTREAM_RESPONSE, msg.decoderResult().cause());
            return;
        } else if (swallowInformationalEnd) {
            swallowInformationalEnd = false;
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content) {
            responseBytes += content.content().readableBytes();
            // A full response (head and body in one) was held back by onResponseHead: written here once.
            dctx.write(msg, dctx.voidPromise());
            if (msg instanceof LastHttpContent) {
                completeResponse();
                return;
            }
        }
        if (!dctx.channel().isWritable() && upstream != null) {
            upstream.config().setAutoRead(false);
        }
    }

    /** Handles a response head; false when the message was consumed here. */
    private boolean onResponseHead(HttpResponse res) {
        if (res.decoderResult().isFailure()) {
            ReferenceCountUtil.release(res);
            fail(Cause.BAD_UPSTREAM_RESPONSE, res.decoderResult().cause());
            return false;
        }
        int code = res.status().code();
        if (res.status().codeClass() == HttpStatusClass.INFORMATIONAL && code != 101) {
            // 100 Continue and friends go through as a complete message; the real response follows.
            FullHttpResponse info = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, res.status());
            info.headers().set(res.headers());
            HeaderRewriter.rewriteResponse(info.headers());
            swallowInformationalEnd = !(res instanceof FullHttpMessage);
            ReferenceCountUtil.release(res);
            dctx.writeAndFlush(info, dctx.voidPromise());
            return false;
        }
        if (code == 101) {
            // Protocol upgrades (WebSocket) are not proxied yet.
            ReferenceCountUtil.release(res);
            fail(Cause.BAD_UPSTREAM_RESPONSE, null);
            return false;
        }
        if (retry != null && code >= 400 && retryAfter(RetryState.Failure.STATUS, code)) {
            ReferenceCountUtil.release(res);
            return false;
        }
        upstreamHeadersNanos = lastActivityNanos; // set by onResponseObject for this head
        status = code;
        host.health().recordStatus(code);
        responseStarted = true;
        // Read before the rewrite drops Connection: an upstream that said "close" must not be pooled.
        upstreamKeepAlive = HttpUtil.isKeepAlive(res);
        HeaderRewriter.rewriteResponse(res.headers());
        if (!h2 && Http1Framing.frameResponse(res, head, http10,
                closeConnectionAfter() || context.draining() || !requestComplete)) {
            closeConnection = true;
        }
        if (!(res instanceof LastHttpContent)) {
            dctx.write(res, dctx.voidPromise());
        }
        return true;
    }

    @Override
    public void onResponseReadComplete() {
        if (!done || responseStarted) {
            flushDownstream();
        }
    }

    @Override
    public void onUpstreamWritability(boolean writable) {
        if (!done && !requestComplete) {
            dctx.channel().config().setAutoRead(writable);
        }
    }

    @Override
    public void onUpstreamClosed(Throwable failure) {
        if (done) {
            return;
        }
        lease = null;
        upstream = null;
        if (host != null) {
            target.cluster().stats().endpointError(host.address().toString(), "reset").inc();
            host.health().recordGatewayFailure();
        }
        if (retryAfter(failure == StreamRefusedException.INSTANCE
                ? RetryState.Failure.REFUSED_STREAM : RetryState.Failure.RESET, 0)) {
            return;
        }
        fail(failure instanceof io.netty.handler.codec.DecoderException
                ? Cause.BAD_UPSTREAM_RESPONSE : Cause.UPSTREAM_RESET, failure);
    }

    private void completeResponse() {
        // The upstream connection is clean only if it also got the whole request.
        releaseUpstream(requestComplete && upstreamKeepAlive);
        flushDownstream();
        finish(status);
    }

    /**
     * HTTP/1.1 responses leave with the worker's flush batch; HTTP/2 streams have their own (one
     * flush of the connection per read batch, FlushConsolidationHandler).
     */
    private void flushDownstream() {
        if (!h2) {
            downstream.worker().flushes().flushDownstreamLater(dctx.channel());
        } else {
            dctx.flush();
        }
    }

    // ---- timers ----------------------------------------------------------------------------

    private void armTimers(Cluster cluster) {
        idleTimeoutNanos = cluster.streamIdleTimeout().toNanos();
        deadlines = StreamDeadlines.of(dctx.channel().eventLoop());
        deadlines.add(this);
        if (requestComplete) {
            armResponseTimer(startNanos); // the whole request came with its head
        }
    }

    /**
     * The response timeout runs from the end of the request, as Envoy's route timeout does: a
     * large upload that keeps moving must not get a 504 halfway through its body (a stalled one
     * is caught by the stream idle timeout).
     */
    private void armResponseTimer(long now) {
        if (responseTimerArmed || done || responseStarted || target == null) {
            return;
        }
        responseTimerArmed = true;
        responseDeadlineNanos = now + target.cluster().config().responseTimeout().toNanos();
        armTryTimer(now);
    }

    /** The per-try timeout runs from the end of the request (for a retry: from its start). */
    private void armTryTimer(long now) {
        if (retry != null && retry.policy().perTryTimeout() != null && requestComplete) {
            tryTimerArmed = true;
            tryDeadlineNanos = now + retry.policy().perTryTimeout().toNanos();
        }
    }

    /** Called by the worker's deadline sweep. */
    void checkDeadlines(long now) {
        if (done) {
            return;
        }
        if (!responseStarted && tryTimerArmed && now - tryDeadlineNanos >= 0
                && !(responseTimerArmed && now - responseDeadlineNanos >= 0)) {
            tryTimerArmed = false;
            if (host != null) {
                target.cluster().stats().endpointError(host.address().toString(), "timeout").inc();
            }
            if (!retryAfter(RetryState.Failure.TIMEOUT, 0)) {
                fail(Cause.UPSTREAM_TIMEOUT, null);
            }
        } else if (!responseStarted && responseTimerArmed && now - responseDeadlineNanos >= 0) {
            if (host != null) {
                target.cluster().stats().endpointError(host.address().toString(), "timeout").inc();
                host.health().recordGatewayFailure();
            }
            fail(Cause.UPSTREAM_TIMEOUT, null);
        } else if (now - lastActivityNanos >= idleTimeoutNanos) {
            fail(Cause.UPSTREAM_TIMEOUT, null);
        }
    }

    // ---- retries ---------------------------------------------------------------------------

    /**
     * Retries the request after a failed try when its policy allows it, nothing went downstream,
     * the whole request is kept for replay, and the cluster has a retry slot (budget or
     * max_retries). The failed try is torn down at once; the next starts after a jittered
     * back-off, on another endpoint where there is one.
     *
     * @return whether a retry was scheduled (else the caller fails the request)
     */
    private boolean retryAfter(RetryState.Failure failure, int code) {
        if (retry == null || done || responseStarted || !requestComplete || !retry.allows(failure, code)) {
            return false;
        }
        long delay = retry.begin(target.cluster(), target.breakers());
        if (delay < 0) {
            return false;
        }
        releaseUpstream(false);
        releasePending();
        pendingDone();
        tryTimerArmed = false;
        UpstreamHost failed = host;
        if (hostActive) {
            hostActive = false;
            failed.requestFinished();
        }
        dctx.channel().eventLoop().schedule(() -> startTry(failed), delay, TimeUnit.NANOSECONDS);
        return true;
    }

    /** Starts another try with a fresh copy of the request. */
    private void startTry(UpstreamHost avoid) {
        if (done) {
            return;
        }
        host = pool.pick(pickContext.avoiding(avoid));
        if (host == null) {
            fail(Cause.NO_HEALTHY_UPSTREAM, null);
            return;
        }
        pending = retry.replay();
        host.requestStarted();
        hostActive = true;
        host.requestCounter().inc();
        lastActivityNanos = System.nanoTime();
        armTryTimer(lastActivityNanos);
        pool.acquire(host, target.priority(), this, acquireForRetry(retry.retries()));
        countPendingWhileConnecting();
    }

    /**
     * The acquire callback of retry {@code n}: a lease or failure that arrives after that try was
     * given up (a per-try timeout while connecting) is dropped, not taken for the current try's.
     */
    private AcquireCallback acquireForRetry(int n) {
        return new AcquireCallback() {
            @Override
            public void onLease(UpstreamLease lease) {
                if (retry.retries() != n) {
                    lease.release(false);
                } else {
                    leased(lease);
                }
            }

            @Override
            public void onLeaseFailure(boolean overflow, Throwable failure) {
                if (retry.retries() == n) {
                    leaseFailed(overflow, failure);
                }
            }
        };
    }

    // ---- endings ---------------------------------------------------------------------------

    /** A failure: a typed local reply while nothing went downstream yet, else a reset. */
    private void fail(Cause failure, Throwable t) {
        if (done) {
            return;
        }
        releaseUpstream(false);
        releasePending();
        if (!responseStarted) {
            if (!requestComplete) {
                discarding = true;
                if (!h2) {
                    closeConnection = true;
                }
            }
            localReply(failure);
            return;
        }
        cause = failure.code();
        // Headers already went out: the only honest signal left is a reset.
        dctx.channel().close();
        finish(status);
    }

    private void localReply(Cause reply) {
        cause = reply.code();
        status = reply.status().code();
        String tenant = router.tenant(request.headers());
        FullHttpResponse res = LocalReply.build(dctx.alloc(), reply, tenant,
                target == null ? null : target.clusterName(), requestIdText());
        if (reply.closesConnection()) {
            closeConnection = true;
        }
        if (!h2 && (closeConnectionAfter() || context.draining())) {
            closeConnection = true;
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (head) {
            res.content().clear();
        }
        responseStarted = true;
        downstream.listenerStats().localReply(cause);
        dctx.writeAndFlush(res).addListener(closeConnection && !h2
                ? ChannelFutureListener.CLOSE : ChannelFutureListener.CLOSE_ON_FAILURE);
        finish(status);
    }

    private void releaseUpstream(boolean reusable) {
        UpstreamLease l = lease;
        lease = null;
        if (l != null) {
            l.release(reusable);
            upstream = null;
        }
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
        }
    }

    private void finish(int finalStatus) {
        if (done) {
            return;
        }
        done = true;
        if (deadlines != null) {
            deadlines.remove(this);
        }
        if (hostActive) {
            hostActive = false;
            host.requestFinished();
        }
        // A request still held for a connection being opened is never sent now (its client may
        // be gone, and a failed connect after that finds the exchange done).
        releasePending();
        pendingDone();
        if (retry != null) {
            retry.end(target.breakers());
        }
        if (requestCounted) {
            requestCounted = false;
            target.breakers().requestFinished();
        }
        long end = System.nanoTime();
        if (target != null) {
            downstream.worker().counters().record(statsId, finalStatus, requestBytes, responseBytes);
            target.latency().observe(end - startNanos);
        }
        AccessLogWriter log = context.accessLog();
        if (log != null) {
            SocketAddress client = dctx.channel().remoteAddress();
            if (client == null && dctx.channel().parent() != null) {
                client = dctx.channel().parent().remoteAddress();
            }
            log.log(new AccessLogEntry(System.currentTimeMillis() - (end - startNanos) / 1_000_000,
                    router.listener(), h2 ? "HTTP/2" : "HTTP/1.1", String.valueOf(client), requestIdText(),
                    request == null ? null : router.tenant(request.headers()),
                    target == null ? null : target.clusterName(),
                    host == null ? null : host.address().toString(), method, path, finalStatus,
                    requestBytes, responseBytes, (end - startNanos) / 1000,
                    upstreamHeadersNanos == 0 ? -1 : (upstreamHeadersNanos - startNanos) / 1000, cause));
        }
        dctx.channel().config().setAutoRead(true);
        downstream.streamFinished(this);
    }

    private String requestIdText() {
        return requestId == null ? null : requestId.toString();
    }

    boolean isDone() {
        return done;
    }

    boolean discarding() {
        return discarding && !requestComplete;
    }
}
