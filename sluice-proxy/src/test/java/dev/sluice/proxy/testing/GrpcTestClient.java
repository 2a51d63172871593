package dev.sluice.proxy.testing;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls {@link GrpcTestService} (directly, or through a proxy) over plaintext HTTP/2 with prior
 * knowledge. Failures come back as a {@link GrpcResult} with the status, not as exceptions, and
 * the response headers and trailers are captured for every call.
 */
public final class GrpcTestClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final Duration deadline;

    private GrpcTestClient(ManagedChannel channel, Duration deadline) {
        this.channel = channel;
        this.deadline = deadline;
    }

    public static GrpcTestClient connect(String host, int port) {
        return connect(host, port, Duration.ofSeconds(10));
    }

    /** @param deadline applied to every call */
    public static GrpcTestClient connect(String host, int port, Duration deadline) {
        // No retries: a test must see the failure the proxy produced, not a retried success.
        ManagedChannel channel = Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create())
                .disableRetry()
                .build();
        return new GrpcTestClient(channel, deadline);
    }

    public ManagedChannel channel() {
        return channel;
    }

    public GrpcResult unary(byte[] request) {
        return unary(request, HeaderList.empty());
    }

    /** {@code Echo/Unary} with extra request headers (e.g. the tenant header). */
    public GrpcResult unary(byte[] request, HeaderList headers) {
        return call(GrpcTestService.UNARY, request, headers);
    }

    /** {@code Echo/Stream}: asks for {@code count} messages. */
    public GrpcResult stream(int count, HeaderList headers) {
        return call(GrpcTestService.STREAM, ByteBuffer.allocate(4).putInt(count).array(), headers);
    }

    /** {@code Echo/Fail}: always RESOURCE_EXHAUSTED. */
    public GrpcResult fail(HeaderList headers) {
        return call(GrpcTestService.FAIL, new byte[0], headers);
    }

    /** Any unary or server-streaming method with byte[] messages. */
    public GrpcResult call(MethodDescriptor<byte[], byte[]> method, byte[] request, HeaderList headers) {
        AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel intercepted = ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(toMetadata(headers)),
                MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers));
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
        List<byte[]> messages = new ArrayList<>();
        Status status = Status.OK;
        try {
            if (method.getType() == MethodDescriptor.MethodType.UNARY) {
                messages.add(ClientCalls.blockingUnaryCall(intercepted, method, options, request));
            } else {
                Iterator<byte[]> it = ClientCalls.blockingServerStreamingCall(intercepted, method, options, request);
                while (it.hasNext()) {
                    messages.add(it.next());
                }
            }
        } catch (StatusRuntimeException e) {
            status = e.getStatus();
            if (trailers.get() == null && e.getTrailers() != null) {
                trailers.set(e.getTrailers());
            }
        }
        return new GrpcResult(status, List.copyOf(messages), orEmpty(responseHeaders.get()), orEmpty(trailers.get()));
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Metadata toMetadata(HeaderList headers) {
        Metadata metadata = new Metadata();
        for (Map.Entry<String, String> h : headers) {
            metadata.put(Metadata.Key.of(h.getKey(), Metadata.ASCII_STRING_MARSHALLER), h.getValue());
        }
        return metadata;
    }

    private static Metadata orEmpty(Metadata metadata) {
        return metadata == null ? new Metadata() : metadata;
    }
}
