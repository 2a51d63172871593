package dev.sluice.bench;

import dev.sluice.proxy.http.HeaderRewriter;
import dev.sluice.proxy.http.codec.Http1RequestDecoder;
import dev.sluice.proxy.http.codec.Http1ResponseDecoder;
import dev.sluice.proxy.http.codec.Http1ResponseEncoder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The response on the proxy path: a backend's answer to a remote write (a short body, as the
 * bench's NGINX backend sends) read from a direct buffer of Netty's default allocator, decoded,
 * rewritten and encoded for the client.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponseHeadersBenchmark {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Mon, 30 Nov 2026 08:00:00 GMT\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 3\r\n"
            + "Connection: keep-alive\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII);

    private EmbeddedChannel upstreamIn;
    private EmbeddedChannel downstreamOut;

    @Setup
    public void setup() {
        upstreamIn = new EmbeddedChannel(new Http1ResponseDecoder(8192, 65536, 65536));
        downstreamOut = new EmbeddedChannel(new Http1ResponseEncoder(new Http1RequestDecoder(8192, 16384, 65536)));
        upstreamIn.config().setAllocator(ByteBufAllocator.DEFAULT);
        downstreamOut.config().setAllocator(ByteBufAllocator.DEFAULT);
    }

    @TearDown
    public void tearDown() {
        upstreamIn.finishAndReleaseAll();
        downstreamOut.finishAndReleaseAll();
    }

    /** One response read, rewritten and written; bytes written. */
    @Benchmark
    public int sluiceCodec() {
        upstreamIn.writeInbound(ByteBufAllocator.DEFAULT.directBuffer(RESPONSE.length).writeBytes(RESPONSE));
        Object msg;
        while ((msg = upstreamIn.readInbound()) != null) {
            if (msg instanceof HttpResponse res) {
                HeaderRewriter.rewriteResponse(res.headers());
            }
            downstreamOut.writeOutbound(msg);
        }
        return WrittenBytes.drain(downstreamOut);
    }
}
