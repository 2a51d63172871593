package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-independent half of an exchange: feeds the request to the behaviour, hashes the
 * body as it streams, records the request once, and queues writability waiters. The protocol
 * handlers drive it; subclasses only know how to write HTTP/1.1 or HTTP/2.
 */
abstract class RecordingExchange implements Exchange {

    private static final Logger log = LoggerFactory.getLogger(RecordingExchange.class);

    /** The context of the HTTP/1.1 connection's or the HTTP/2 stream's handler. */
    final ChannelHandlerContext ctx;
    private final TestBackend backend;
    private final String protocol;
    private final String method;
    private final String path;
    private final String authority;
    private final HeaderList headers;
    private final int connectionId;
    private final BodyDigest body = new BodyDigest();
    private final ArrayDeque<Runnable> writableWaiters = new ArrayDeque<>();
    private Behavior.RequestListener listener;
    private boolean recorded;

    RecordingExchange(ChannelHandlerContext ctx, TestBackend backend, String protocol, String method, String path,
            String authority, HeaderList headers, int connectionId) {
        this.ctx = ctx;
        this.backend = backend;
        this.protocol = protocol;
        this.method = method;
        this.path = path;
        this.authority = authority;
        this.headers = headers;
        this.connectionId = connectionId;
    }

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public boolean isOpen() {
        return ctx.channel().isActive();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void pauseReading() {
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        ctx.channel().config().setAutoRead(true);
    }

    /** The request head arrived: hand it to the backend's current behaviour. */
    final void begin() {
        try {
            listener = backend.behavior().onRequest(this);
        } catch (RuntimeException e) {
            fail("behaviour failed on request head", e);
        }
    }

    final void requestBody(ByteBuf chunk) {
        body.update(chunk);
        if (listener != null) {
            try {
                listener.onBody(chunk);
            } catch (RuntimeException e) {
                fail("behaviour failed on request body", e);
            }
        }
    }

    final void requestEnd(HeaderList trailers) {
        record(trailers, true);
        if (listener != null) {
            try {
                listener.onEnd();
            } catch (RuntimeException e) {
                fail("behaviour failed at request end", e);
            }
        }
    }

    /** The stream or connection closed; records the request as incomplete if it had not ended. */
    final void closed() {
        record(HeaderList.empty(), false);
        writableWaiters.clear();
    }

    final void writabilityChanged() {
        while (isWritable() && !writableWaiters.isEmpty()) {
            writableWaiters.poll().run();
        }
    }

    @Override
    public final void whenWritable(Runnable task) {
        if (isWritable()) {
            eventLoop().execute(task);
        } else {
            writableWaiters.add(task);
        }
    }

    private void record(HeaderList trailers, boolean complete) {
        if (recorded) {
            return;
        }
        recorded = true;
        backend.record(new ReceivedRequest(protocol, method, path, authority, headers, trailers,
                body.length(), body.sha256Hex(), complete, connectionId, body.keptBytes()));
    }

    private void fail(String what, RuntimeException e) {
        log.error("backend {}: {} ({} {})", backend.name(), what, method, path, e);
        listener = null;
        killConnection();
    }

    @Override
    public final String backendName() {
        return backend.name();
    }

    @Override
    public final String protocol() {
        return protocol;
    }

    @Override
    public final String method() {
        return method;
    }

    @Override
    public final String path() {
        return path;
    }

    @Override
    public final HeaderList requestHeaders() {
        return headers;
    }
}
