package dev.sluice.proxy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1ResponseEncoderTest {
    private final Http1RequestDecoder decoder = new Http1RequestDecoder(1024, 2048, 64 * 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder, new Http1ResponseEncoder(decoder));

    {
        // The allocator a server channel has: its buffers grow in place up to what their chunk
        // leaves free, so a buffer may have room to write without the capacity for it yet.
        channel.config().setAllocator(new AdaptiveByteBufAllocator());
    }
    /** What the bodies are slices of, as the response decoder hands them over: a read buffer. */
    private final ByteBuf read = Unpooled.directBuffer(1024);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        read.release();
    }

    private void request(String method) {
        channel.writeInbound(Unpooled.copiedBuffer(method + " / HTTP/1.1\r\nhost: a\r\n\r\n", StandardCharsets.US_ASCII));
        HttpObject o;
        while ((o = channel.readInbound()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    private FullHttpResponse response(HttpResponseStatus status, String body, boolean chunked) {
        read.clear().writeBytes("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int at = read.writerIndex();
        read.writeBytes(body.getBytes(StandardCharsets.US_ASCII));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, read.retainedSlice(at, body.length()),
                new FlatHttpHeaders(), new FlatHttpHeaders(0));
        if (chunked) {
            r.headers().add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else {
            r.headers().add(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.length()));
        }
        return r;
    }

    /** Everything written to the client, and how many buffers it went out in. */
    private String written(int[] buffers) {
        StringBuilder s = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            if (b.isReadable()) {
                buffers[0]++;
            }
            s.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return s.toString();
    }

    @Test
    void aShortBodyGoesOutInTheHeadsBufferAndIsReleased() {
        request("GET");
        FullHttpResponse r = response(HttpResponseStatus.OK, "ok", false);
        channel.writeOutbound(r);
        int[] buffers = {0};
        assertThat(written(buffers)).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
        assertThat(buffers[0]).isEqualTo(1);
        assertThat(read.refCnt()).as("the body released: only this test's reference to the read buffer left")
                .isEqualTo(1);
    }

    @Test
    void theAnswerToAHeadCarriesNoBody() {
        request("HEAD");
        request("GET");
        FullHttpResponse head = response(HttpResponseStatus.OK, "ok", false);
        channel.writeOutbound(head);
        assertThat(written(new int[1])).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n");
        assertThat(read.refCnt()).isEqualTo(1);
        channel.writeOutbound(response(HttpResponseStatus.OK, "yes", false));
        assertThat(written(new int[1])).as("the next answer has its body")
                .isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nyes");
    }

    @Test
    void longerAndChunkedBodiesAreFramedAsNettyFramesThem() {
        request("GET");
        request("GET");
        request("GET");
        String longer = "x".repeat(Http1ResponseEncoder.SHORT_BODY + 1);
        channel.writeOutbound(response(HttpResponseStatus.OK, longer, false));
        assertThat(written(new int[1])).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 129\r\n\r\n" + longer);
        FullHttpResponse chunked = response(HttpResponseStatus.OK, "ok", true);
        channel.writeOutbound(chunked);
        assertThat(written(new int[1]))
                .isEqualTo("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
        assertThat(read.refCnt()).isEqualTo(1);
        FullHttpResponse noContent = response(HttpResponseStatus.NO_CONTENT, "ok", false);
        channel.writeOutbound(noContent);
        assertThat(written(new int[1])).as("204: no body, and no Content-Length either")
                .isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(read.refCnt()).isEqualTo(1);
    }

    /** The encoder sizes the head's buffer from the heads it wrote before; the body may still need room. */
    @Test
    void aBodyThatDoesNotFitTheSizedHeadBufferStillGoesOutWhole() {
        for (int i = 0; i < 30; i++) {
            request("GET");
            channel.writeOutbound(response(HttpResponseStatus.OK, "ok", false));
            assertThat(written(new int[1])).endsWith("\r\n\r\nok");
        }
        for (int n = 3; n <= Http1ResponseEncoder.SHORT_BODY; n++) {
            request("GET");
            String body = "b".repeat(n);
            channel.writeOutbound(response(HttpResponseStatus.OK, body, false));
            assertThat(written(new int[1])).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: " + n + "\r\n\r\n" + body);
        }
        assertThat(read.refCnt()).isEqualTo(1);
    }
}
