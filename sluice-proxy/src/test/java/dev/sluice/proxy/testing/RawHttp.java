package dev.sluice.proxy.testing;

import java.time.Duration;

/**
 * One-shot raw HTTP/1.x exchanges, for input no well-behaved client would send: conflicting
 * Content-Length and Transfer-Encoding, bad header bytes, bare LF, oversized lines. For slow or
 * abandoned bodies, or several requests on one connection, use {@link RawConnection}.
 */
public final class RawHttp {

    private RawHttp() {}

    /**
     * Connects, writes {@code rawRequest} (ISO-8859-1, sent exactly as given: write the CRLFs
     * yourself) and reads one response. {@link RawResponse#serverClosed()} tells whether the
     * server closed the connection, watched for a short grace after a keep-alive response.
     */
    public static RawResponse send(String host, int port, String rawRequest, Duration timeout) {
        try (RawConnection connection = RawConnection.open(host, port)) {
            return connection.send(rawRequest).readResponse(timeout);
        }
    }

    public static RawResponse send(String host, int port, byte[] rawRequest, Duration timeout) {
        try (RawConnection connection = RawConnection.open(host, port)) {
            return connection.send(rawRequest).readResponse(timeout);
        }
    }
}
