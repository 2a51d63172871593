package dev.sluice.proxy.upstream;

/**
 * An HTTP/2 upstream reset the stream with REFUSED_STREAM: it did not process the request, so
 * even a non-idempotent one is safe to send again. One shared instance, without a stack trace.
 */
public final class StreamRefusedException extends RuntimeException {
    public static final StreamRefusedException INSTANCE = new StreamRefusedException();

    private StreamRefusedException() {
        super("the upstream refused the stream (REFUSED_STREAM)", null, false, false);
    }
}
