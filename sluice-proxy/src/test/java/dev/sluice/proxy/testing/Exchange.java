package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;

/**
 * One request/response on a {@link TestBackend}, the same for HTTP/1.1 and HTTP/2. A
 * {@link Behavior} answers through it. Every method must be called on {@link #eventLoop()};
 * the callbacks of {@link Behavior.RequestListener} already run there.
 */
public interface Exchange {

    String backendName();

    /** "HTTP/2", or the HTTP/1 request version as received ("HTTP/1.1", "HTTP/1.0"). */
    String protocol();

    String method();

    /** Path and query as received. */
    String path();

    HeaderList requestHeaders();

    EventLoop eventLoop();

    /**
     * Sends the response status and headers; {@code x-backend: <name>} is always added. On
     * HTTP/1.1 a response without {@code content-length} that does not end here is sent chunked.
     */
    void sendHead(int status, HeaderList headers, boolean endOfStream);

    /** Sends a body chunk and flushes. Takes ownership of {@code data}. */
    ChannelFuture sendData(ByteBuf data, boolean endOfStream);

    /** Ends the response with trailers (HTTP/1.1: in the last chunk of a chunked body). */
    void sendTrailers(HeaderList trailers);

    /** False once the response can no longer be written (stream or connection closed). */
    boolean isOpen();

    /** Whether a write now would go out without queueing past the high-water mark. */
    boolean isWritable();

    /** Runs {@code task} once, on the event loop, as soon as {@link #isWritable()} is true. */
    void whenWritable(Runnable task);

    /** Stops reading the request (backpressure towards the client); see {@link #resumeReading()}. */
    void pauseReading();

    void resumeReading();

    /** Closes the TCP connection at once: no GOAWAY, no final chunk, nothing. */
    void killConnection();

    /** Resets only this stream (HTTP/2 RST_STREAM INTERNAL_ERROR); on HTTP/1.1 kills the connection. */
    void resetStream();

    /** Refuses the stream (HTTP/2 RST_STREAM REFUSED_STREAM: "not processed, safe to retry"); on HTTP/1.1 kills the connection. */
    void refuseStream();

    /** Writes bytes straight to the socket, under every codec, then kills the connection. */
    void writeRawAndKill(ByteBuf bytes);
}
