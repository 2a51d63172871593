package dev.sluice.proxy.testing;

import io.grpc.Metadata;
import io.grpc.Status;
import java.util.List;

/**
 * What a gRPC client got back: final status, messages, response headers and trailers. For a
 * trailers-only response (an error before any message) {@code headers} is empty.
 */
public record GrpcResult(Status status, List<byte[]> messages, Metadata headers, Metadata trailers) {

    public boolean ok() {
        return status.isOk();
    }

    /** The single response message of a unary call. */
    public byte[] message() {
        if (messages.size() != 1) {
            throw new IllegalStateException("messages: %d (expected: 1), status %s".formatted(messages.size(), status));
        }
        return messages.get(0);
    }

    public String header(String name) {
        return headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }

    public String trailer(String name) {
        return trailers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }
}
