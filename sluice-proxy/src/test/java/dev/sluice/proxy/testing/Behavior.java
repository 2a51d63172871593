package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a {@link TestBackend} does with a request. Called on the connection's event loop when the
 * request head arrives; the returned listener sees the body and the end of the request.
 * Behaviours never block: delays are scheduled on the event loop.
 */
@FunctionalInterface
public interface Behavior {

    RequestListener onRequest(Exchange exchange);

    /** Callbacks for the rest of one request, on the event loop. */
    interface RequestListener {
        /** A body chunk. Borrowed: released after this returns; retain it to keep it. */
        default void onBody(ByteBuf chunk) {}

        /** The request ended (trailers, if any, are already recorded). */
        default void onEnd() {}
    }

    /** Calls {@code responder} once the whole request has arrived. */
    static Behavior whenComplete(Consumer<Exchange> responder) {
        return exchange -> new RequestListener() {
            @Override
            public void onEnd() {
                responder.accept(exchange);
            }
        };
    }

    /** 200, body {@code backend=<name> method=<M> path=<P>\n}. */
    static Behavior standard() {
        return whenComplete(ex -> respondText(ex, 200, HeaderList.empty(),
                "backend=%s method=%s path=%s\n".formatted(ex.backendName(), ex.method(), ex.path())));
    }

    /** The given status, body {@code backend=<name> status=<S>\n}. */
    static Behavior status(int status) {
        return whenComplete(ex -> respondText(ex, status, HeaderList.empty(),
                "backend=%s status=%d\n".formatted(ex.backendName(), status)));
    }

    /** A fixed response. */
    static Behavior fixed(int status, HeaderList headers, String body) {
        return whenComplete(ex -> respondText(ex, status, headers, body));
    }

    /** Streams the request body back as it arrives, with backpressure. */
    static Behavior echo() {
        return EchoResponder::new;
    }

    /** 200 with {@code bytes} of {@link BytePattern}, written only while the channel is writable. */
    static Behavior download(long bytes) {
        return whenComplete(ex -> {
            ex.sendHead(200, HeaderList.of("content-length", Long.toString(bytes)), bytes == 0);
            new PatternStreamer(ex, bytes, true, () -> {}).start();
        });
    }

    /** {@link #standard()} after {@code delay}. */
    static Behavior delay(Duration delay) {
        return delay(delay, standard());
    }

    /**
     * Runs {@code then} {@code delay} after the request ended. {@code then} sees no body chunks,
     * so delaying {@link #echo()} is not meaningful.
     */
    static Behavior delay(Duration delay, Behavior then) {
        return whenComplete(ex -> ex.eventLoop().schedule(() -> {
            if (ex.isOpen()) {
                then.onRequest(ex).onEnd();
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Headers announcing more body than will ever come, {@code bytesBeforeDeath} bytes of it, then
     * the connection closes: an upstream that died mid-stream.
     */
    static Behavior dieMidResponse(long bytesBeforeDeath) {
        return whenComplete(ex -> {
            long announced = bytesBeforeDeath + (1 << 20);
            ex.sendHead(200, HeaderList.of("content-length", Long.toString(announced)), false);
            new PatternStreamer(ex, bytesBeforeDeath, false, ex::killConnection).start();
        });
    }

    /** Like {@link #dieMidResponse(long)} but resets only the stream (HTTP/2); HTTP/1.1 closes. */
    static Behavior resetMidResponse(long bytesBeforeReset) {
        return whenComplete(ex -> {
            long announced = bytesBeforeReset + (1 << 20);
            ex.sendHead(200, HeaderList.of("content-length", Long.toString(announced)), false);
            new PatternStreamer(ex, bytesBeforeReset, false, ex::resetStream).start();
        });
    }

    /** Closes the connection once the request arrived, without a byte of response. */
    /** Refuses every stream unanswered (HTTP/2 REFUSED_STREAM), as an overloaded server may. */
    static Behavior refuseStream() {
        return whenComplete(Exchange::refuseStream);
    }

    static Behavior closeWithoutResponse() {
        return whenComplete(Exchange::killConnection);
    }

    /** Answers with bytes that are not HTTP, then closes. */
    static Behavior garbage() {
        return whenComplete(ex -> ex.writeRawAndKill(Unpooled.copiedBuffer(
                "\u0000\u0007NOT HTTP AT ALL \u00ff\u00fe\r\n\r\n", StandardCharsets.ISO_8859_1)));
    }

    /** 200 with the standard body followed by {@code trailers}. */
    static Behavior trailers(HeaderList trailers) {
        return whenComplete(ex -> {
            ex.sendHead(200, HeaderList.of("content-type", "text/plain; charset=utf-8"), false);
            ex.sendData(Unpooled.copiedBuffer("backend=%s method=%s path=%s\n".formatted(
                    ex.backendName(), ex.method(), ex.path()), StandardCharsets.UTF_8), false);
            ex.sendTrailers(trailers);
        });
    }

    /** Sends a complete text response; a HEAD request gets the headers only. */
    static void respondText(Exchange ex, int status, HeaderList headers, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HeaderList all = headers;
        if (!all.contains("content-type")) {
            all = all.with("content-type", "text/plain; charset=utf-8");
        }
        if (!all.contains("content-length")) {
            all = all.with("content-length", Integer.toString(bytes.length));
        }
        boolean headOnly = ex.method().equals("HEAD") || bytes.length == 0;
        ex.sendHead(status, all, headOnly);
        if (!headOnly) {
            ex.sendData(Unpooled.wrappedBuffer(bytes), true);
        }
    }
}
