package dev.sluice.proxy.testing;

import java.nio.charset.StandardCharsets;

/**
 * One request as a {@link TestBackend} saw it. Recorded when the request ends, or when the
 * client went away before it ended ({@link #complete()} is then {@code false}).
 *
 * @param protocol "HTTP/2", or the HTTP/1 request version as received ("HTTP/1.1", "HTTP/1.0")
 * @param method the request method, e.g. "POST"
 * @param path the path and query as received
 * @param authority HTTP/2 {@code :authority}, or the HTTP/1 {@code Host} header; may be null
 * @param headers every header except HTTP/2 pseudo-headers, in received order
 * @param trailers request trailers; empty if none
 * @param bodyLength bytes of body received (decoded from chunked framing)
 * @param bodySha256 lower-case hex SHA-256 of the body received
 * @param complete whether the request ended normally
 * @param connectionId which connection of this backend carried it, from 1; equal ids mean reuse
 */
public record ReceivedRequest(
        String protocol,
        String method,
        String path,
        String authority,
        HeaderList headers,
        HeaderList trailers,
        long bodyLength,
        String bodySha256,
        boolean complete,
        int connectionId,
        byte[] keptBody) {

    /** The first value of the header {@code name} (any case), or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Whether the whole body was kept (bodies up to {@link BodyDigest#DEFAULT_KEEP_LIMIT}). */
    public boolean bodyKept() {
        return keptBody != null;
    }

    /** A copy of the body; fails if it was too large to keep (assert on the hash instead). */
    public byte[] body() {
        if (keptBody == null) {
            throw new IllegalStateException("body of %d bytes was not kept (limit: %d); use bodySha256()"
                    .formatted(bodyLength, BodyDigest.DEFAULT_KEEP_LIMIT));
        }
        return keptBody.clone();
    }

    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "%s %s %s conn=%d headers=%s trailers=%s body=%d bytes sha256=%s%s".formatted(
                protocol, method, path, connectionId, headers, trailers, bodyLength, bodySha256,
                complete ? "" : " (INCOMPLETE)");
    }
}
