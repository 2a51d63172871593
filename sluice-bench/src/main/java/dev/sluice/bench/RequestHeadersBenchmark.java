package dev.sluice.bench;

import dev.sluice.proxy.http.HeaderRewriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Request header processing (hop-by-hop, X-Forwarded-*, request id) and encoding the upstream request. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestHeadersBenchmark {
    private static final String CLIENT_IP = HeaderRewriter.ipOf(new InetSocketAddress("10.1.2.3", 40000));
    private EmbeddedChannel encoder;

    @Setup
    public void setup() {
        encoder = new EmbeddedChannel(new HttpRequestEncoder());
        encoder.config().setAllocator(PooledByteBufAllocator.DEFAULT);
    }

    @TearDown
    public void tearDown() {
        encoder.finishAndReleaseAll();
    }

    private static HttpRequest typicalRemoteWrite() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set("host", "sluice.monitoring:8080");
        h.set("user-agent", "Prometheus/2.53.0");
        h.set("content-type", "application/x-protobuf");
        h.set("content-encoding", "snappy");
        h.set("x-prometheus-remote-write-version", "0.1.0");
        h.set("X-Scope-OrgID", "tenant-000042");
        h.set("content-length", "4096");
        h.set("connection", "keep-alive");
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/push", h);
    }

    @Benchmark
    public String rewriteHeaders() {
        HttpRequest req = typicalRemoteWrite();
        return HeaderRewriter.rewriteRequest(req.headers(), CLIENT_IP, false);
    }

    @Benchmark
    public int rewriteAndEncodeUpstreamRequest() {
        HttpRequest req = typicalRemoteWrite();
        HeaderRewriter.rewriteRequest(req.headers(), CLIENT_IP, false);
        // The head, then the end of the (here empty) body, as the proxy writes them.
        encoder.writeOutbound(req, LastHttpContent.EMPTY_LAST_CONTENT);
        int n = 0;
        ByteBuf out;
        while ((out = encoder.readOutbound()) != null) {
            n += out.readableBytes();
            out.release();
        }
        return n;
    }
}
