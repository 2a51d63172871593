package dev.sluice.proxy.testing;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext grpc-java server with the {@code sluice.test.Echo} service, byte[] messages and no
 * protobuf. It records the request metadata of every call so a test can check what a proxy
 * added or removed.
 * <ul>
 *   <li>{@code Unary}: replies with the request bytes and the trailer {@code x-echo-trailer: done};
 *   <li>{@code Stream}: the request is a 4-byte big-endian count N; replies N messages, message i
 *       being i as 4 big-endian bytes, respecting the client's flow control;
 *   <li>{@code Fail}: fails with RESOURCE_EXHAUSTED and {@link #FAIL_DESCRIPTION}, trailers only.
 * </ul>
 */
public final class GrpcTestService implements AutoCloseable {

    public static final String SERVICE = "sluice.test.Echo";
    public static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);
    public static final MethodDescriptor<byte[], byte[]> STREAM =
            method("Stream", MethodDescriptor.MethodType.SERVER_STREAMING);
    public static final MethodDescriptor<byte[], byte[]> FAIL = method("Fail", MethodDescriptor.MethodType.UNARY);

    public static final Metadata.Key<String> ECHO_TRAILER =
            Metadata.Key.of("x-echo-trailer", Metadata.ASCII_STRING_MARSHALLER);
    /** Has characters that grpc-message must percent-encode, to check they pass through intact. */
    public static final String FAIL_DESCRIPTION = "tenant quota exhausted: 100% of 5 MB/s";

    private final List<ReceivedCall> calls = new ArrayList<>(); // guarded by itself
    private final Server server;

    /** The method and request metadata of one call the service received. */
    public record ReceivedCall(String fullMethodName, Metadata headers) {
        public String header(String name) {
            return headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
        }
    }

    private GrpcTestService() {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(UNARY, this::unary)
                .addMethod(STREAM, this::stream)
                .addMethod(FAIL, this::fail)
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress(TestBackend.HOST, 0))
                .addService(service)
                .directExecutor()
                .build();
    }

    public static GrpcTestService start() {
        GrpcTestService service = new GrpcTestService();
        try {
            service.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return service;
    }

    public String host() {
        return TestBackend.HOST;
    }

    public int port() {
        return server.getPort();
    }

    public List<ReceivedCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Waits until at least {@code count} calls arrived; throws AssertionError on timeout. */
    public List<ReceivedCall> awaitCalls(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (calls.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("grpc service: expected %d call(s) within %s, got %s"
                            .formatted(count, timeout, calls));
                }
                try {
                    calls.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for calls", e);
                }
            }
            return List.copyOf(calls);
        }
    }

    public void clear() {
        synchronized (calls) {
            calls.clear();
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ServerCall.Listener<byte[]> unary(ServerCall<byte[], byte[]> call, Metadata headers) {
        record(call, headers);
        call.request(1);
        return new ServerCall.Listener<>() {
            private byte[] request;

            @Override
            public void onMessage(byte[] message) {
                request = message;
            }

            @Override
            public void onHalfClose() {
                if (request == null) {
                    call.close(Status.INVALID_ARGUMENT.withDescription("no request message"), new Metadata());
                    return;
                }
                call.sendHeaders(new Metadata());
                call.sendMessage(request);
                call.close(Status.OK, echoTrailers());
            }
        };
    }

    private ServerCall.Listener<byte[]> stream(ServerCall<byte[], byte[]> call, Metadata headers) {
        record(call, headers);
        call.request(1);
        return new ServerCall.Listener<>() {
            private int count = -1;
            private int sent;
            private boolean started;
            private boolean done;

            @Override
            public void onMessage(byte[] message) {
                count = message.length == 4 ? ByteBuffer.wrap(message).getInt() : -1;
            }

            @Override
            public void onHalfClose() {
                if (count < 0) {
                    done = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription("expected a 4-byte count"), new Metadata());
                    return;
                }
                started = true;
                call.sendHeaders(new Metadata());
                pump();
            }

            @Override
            public void onReady() {
                if (started) {
                    pump();
                }
            }

            @Override
            public void onCancel() {
                done = true;
            }

            // Sends only while the transport is ready: the client's flow control paces us.
            private void pump() {
                while (!done && sent < count && call.isReady()) {
                    call.sendMessage(ByteBuffer.allocate(4).putInt(sent++).array());
                }
                if (!done && sent == count) {
                    done = true;
                    call.close(Status.OK, echoTrailers());
                }
            }
        };
    }

    private ServerCall.Listener<byte[]> fail(ServerCall<byte[], byte[]> call, Metadata headers) {
        record(call, headers);
        call.request(1);
        return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
                call.close(Status.RESOURCE_EXHAUSTED.withDescription(FAIL_DESCRIPTION), echoTrailers());
            }
        };
    }

    private void record(ServerCall<?, ?> call, Metadata headers) {
        Metadata copy = new Metadata();
        copy.merge(headers);
        synchronized (calls) {
            calls.add(new ReceivedCall(call.getMethodDescriptor().getFullMethodName(), copy));
            calls.notifyAll();
        }
    }

    private static Metadata echoTrailers() {
        Metadata trailers = new Metadata();
        trailers.put(ECHO_TRAILER, "done");
        return trailers;
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(BytesMarshaller.INSTANCE)
                .setResponseMarshaller(BytesMarshaller.INSTANCE)
                .build();
    }

    /** Messages are the raw bytes: no protobuf, no generated code. */
    enum BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
