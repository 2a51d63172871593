package dev.sluice.bench;

import dev.sluice.proxy.http.HeaderRewriter;
import dev.sluice.proxy.http.codec.Http1RequestDecoder;
import dev.sluice.proxy.http.codec.Http1RequestEncoder;
import dev.sluice.proxy.http.codec.Http1ResponseDecoder;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
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
 * Request header processing on the proxy path: decode a typical remote-write head (4 KiB body
 * included), rewrite it (hop-by-hop, X-Forwarded-*, request id), and encode it for the upstream.
 * Sluice's own HTTP/1.1 codec against Netty's general-purpose one, same input, same rewrite.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestHeadersBenchmark {
    private static final AsciiString CLIENT_IP = HeaderRewriter.ipOf(new InetSocketAddress("10.1.2.3", 40000));
    private static final byte[] REQUEST = request();

    private EmbeddedChannel sluiceIn;
    private EmbeddedChannel sluiceOut;
    private EmbeddedChannel nettyIn;
    private EmbeddedChannel nettyOut;

    private static byte[] request() {
        String head = "POST /api/v1/push HTTP/1.1\r\n"
                + "Host: sluice.monitoring:8080\r\n"
                + "User-Agent: Prometheus/2.53.0\r\n"
                + "Content-Type: application/x-protobuf\r\n"
                + "Content-Encoding: snappy\r\n"
                + "X-Prometheus-Remote-Write-Version: 0.1.0\r\n"
                + "X-Scope-OrgID: tenant-000042\r\n"
                + "Content-Length: 4096\r\n"
                + "Connection: keep-alive\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + 4096];
        System.arraycopy(h, 0, all, 0, h.length);
        return all;
    }

    @Setup
    public void setup() {
        sluiceIn = new EmbeddedChannel(new Http1RequestDecoder(8192, 16384, 64 * 1024));
        sluiceOut = new EmbeddedChannel(new Http1RequestEncoder(new Http1ResponseDecoder(8192, 65536, 65536)));
        nettyIn = new EmbeddedChannel(new HttpRequestDecoder(8192, 16384, 64 * 1024));
        nettyOut = new EmbeddedChannel(new HttpRequestEncoder());
        for (EmbeddedChannel c : new EmbeddedChannel[] {sluiceIn, sluiceOut, nettyIn, nettyOut}) {
            c.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        }
    }

    @TearDown
    public void tearDown() {
        for (EmbeddedChannel c : new EmbeddedChannel[] {sluiceIn, sluiceOut, nettyIn, nettyOut}) {
            c.finishAndReleaseAll();
        }
    }

    @Benchmark
    public int sluiceCodec() {
        return proxyOnce(sluiceIn, sluiceOut);
    }

    @Benchmark
    public int nettyCodec() {
        return proxyOnce(nettyIn, nettyOut);
    }

    /** One request in (whatever objects the decoder makes), rewritten, written out; bytes written. */
    private static int proxyOnce(EmbeddedChannel in, EmbeddedChannel out) {
        in.writeInbound(Unpooled.wrappedBuffer(REQUEST));
        Object msg;
        while ((msg = in.readInbound()) != null) {
            if (msg instanceof HttpRequest req) {
                HeaderRewriter.rewriteRequest(req.headers(), CLIENT_IP, false);
            }
            out.writeOutbound(msg);
        }
        return WrittenBytes.drain(out);
    }
}
