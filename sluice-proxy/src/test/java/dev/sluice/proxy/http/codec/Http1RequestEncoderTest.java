package dev.sluice.proxy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1RequestEncoderTest {
    private final Http1ResponseDecoder responses = new Http1ResponseDecoder(1024, 2048, 64 * 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(responses, new Http1RequestEncoder(responses));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private String written(HttpVersion version, HttpMethod method, String target) {
        FullHttpRequest r = new DefaultFullHttpRequest(version, method, target, Unpooled.EMPTY_BUFFER,
                new FlatHttpHeaders(), new FlatHttpHeaders(0));
        r.headers().add("host", "h");
        channel.writeOutbound(r);
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out.toString();
    }

    @Test
    void theTargetIsWrittenOneBytePerCharAsItWasReceived() {
        assertThat(written(HttpVersion.HTTP_1_1, HttpMethod.GET, "/caf\u00e9?q=\u00ff"))
                .isEqualTo("GET /caf\u00e9?q=\u00ff HTTP/1.1\r\nhost: h\r\n\r\n");
        assertThat(written(HttpVersion.HTTP_1_1, HttpMethod.GET, "http://example.com?x=1"))
                .isEqualTo("GET http://example.com?x=1 HTTP/1.1\r\nhost: h\r\n\r\n");
        assertThat(written(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "*")).startsWith("OPTIONS * HTTP/1.1\r\n");
    }

    @Test
    void anEmptyTargetIsTheRootAndTheVersionIsTheRequests() {
        assertThat(written(HttpVersion.HTTP_1_0, HttpMethod.POST, "")).startsWith("POST / HTTP/1.0\r\n");
        assertThat(written(HttpVersion.valueOf("HTTP/1.2"), HttpMethod.valueOf("PURGE"), "/x"))
                .startsWith("PURGE /x HTTP/1.2\r\n");
    }

    @Test
    void aHeadRequestTellsTheResponseDecoderItsAnswerHasNoBody() {
        written(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/h");
        written(HttpVersion.HTTP_1_1, HttpMethod.GET, "/g");
        channel.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc", StandardCharsets.US_ASCII));
        FullHttpResponse head = channel.readInbound();
        FullHttpResponse get = channel.readInbound();
        assertThat(head.content().readableBytes()).isZero();
        assertThat(get.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        head.release();
        get.release();
    }
}
