package dev.sluice.proxy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * OkHttp clients for tests: short timeouts, no retries, no redirects, so a test sees exactly
 * what the server did. Shut them down with {@link #shutdown(OkHttpClient)}.
 */
public final class Clients {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration IO_TIMEOUT = Duration.ofSeconds(10);

    private static final MediaType OCTETS = MediaType.get("application/octet-stream");

    private Clients() {}

    /** HTTP/1.1 only. */
    public static OkHttpClient http1() {
        return base().protocols(List.of(Protocol.HTTP_1_1)).build();
    }

    /** Cleartext HTTP/2 with prior knowledge (h2c, no upgrade). */
    public static OkHttpClient h2c() {
        return base().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build();
    }

    private static OkHttpClient.Builder base() {
        return new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(IO_TIMEOUT)
                .writeTimeout(IO_TIMEOUT)
                // A silent retry would hide the very failure a proxy test provokes.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false);
    }

    /** Stops the client's threads and closes its pooled connections. */
    public static void shutdown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** A body of {@code bytes} {@link BytePattern} bytes with a Content-Length, generated while sent. */
    public static RequestBody patternBody(long bytes) {
        return streamingBody(bytes, true);
    }

    /** Like {@link #patternBody} but without a length: HTTP/1.1 sends it chunked. */
    public static RequestBody chunkedPatternBody(long bytes) {
        return streamingBody(bytes, false);
    }

    private static RequestBody streamingBody(long bytes, boolean knownLength) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTETS;
            }

            @Override
            public long contentLength() {
                return knownLength ? bytes : -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                byte[] chunk = new byte[BytePattern.CHUNK];
                for (long offset = 0; offset < bytes; offset += chunk.length) {
                    int n = (int) Math.min(chunk.length, bytes - offset);
                    BytePattern.fill(offset, chunk, 0, n);
                    sink.write(chunk, 0, n);
                }
            }
        };
    }

    /**
     * Streams the whole response body through a digest (length, SHA-256, bytes if small) and
     * closes the response. Throws if the body ends early or the stream is reset: a truncated
     * body must never look complete.
     */
    public static BodyDigest drain(Response response) throws IOException {
        try (response; ResponseBody body = response.body(); InputStream in = body.byteStream()) {
            return new BodyDigest().consume(in);
        }
    }
}
