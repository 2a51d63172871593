package dev.sluice.proxy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Http1ResponseDecoderTest {
    private final Http1ResponseDecoder decoder = new Http1ResponseDecoder(1024, 4096, 64 * 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(new Http1RequestEncoder(decoder), decoder);

    /** Sends a request through the encoder (so the decoder knows what it answers); returns what went out. */
    private String send(HttpMethod method) {
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/x",
                Unpooled.EMPTY_BUFFER, new FlatHttpHeaders(), new FlatHttpHeaders());
        req.headers().add("Host", "backend").add("X-Scope-OrgID", "team-a");
        channel.writeOutbound(req);
        StringBuilder wire = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            wire.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return wire.toString();
    }

    /** Each decoded object as a line: kind, status or body, failure. */
    private List<String> feed(String... parts) {
        for (String p : parts) {
            channel.writeInbound(Unpooled.copiedBuffer(p, StandardCharsets.ISO_8859_1));
        }
        return drain();
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        HttpObject o;
        while ((o = channel.readInbound()) != null) {
            StringBuilder sb = new StringBuilder();
            if (o instanceof HttpResponse r) {
                sb.append(o instanceof FullHttpResponse ? "full " : "head ").append(r.status().code())
                        .append(" '").append(r.status().reasonPhrase()).append("' ").append(r.headers().entries());
            } else {
                sb.append(o instanceof LastHttpContent ? "last" : "content");
            }
            if (o instanceof HttpContent c && c.content().isReadable()) {
                sb.append(" body=").append(c.content().toString(StandardCharsets.ISO_8859_1));
            }
            if (o instanceof LastHttpContent l && !l.trailingHeaders().isEmpty()) {
                sb.append(" trailers=").append(l.trailingHeaders().entries());
            }
            if (o.decoderResult().isFailure()) {
                sb.append(" FAILED ").append(o.decoderResult().cause().getClass().getSimpleName());
            }
            out.add(sb.toString());
            ReferenceCountUtil.release(o);
        }
        return out;
    }

    @Test
    void theRequestEncoderWritesFlatHeadersAsSent() {
        assertThat(send(HttpMethod.POST)).isEqualTo("POST /x HTTP/1.1\r\nHost: backend\r\nX-Scope-OrgID: team-a\r\n\r\n");
    }

    @Test
    void aResponseWithItsWholeBodyIsOneFullMessage() {
        send(HttpMethod.POST);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer: t\r\n\r\nok"))
                .containsExactly("full 200 'OK' [Content-Length=2, Server=t] body=ok");
    }

    @Test
    void aHeadRequestsResponseHasNoBodyWhateverItsHeadersSay() {
        send(HttpMethod.HEAD);
        send(HttpMethod.GET);
        List<String> out = feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(out).containsExactly("full 200 'OK' [Content-Length=5]", "full 200 'OK' [Content-Length=5] body=hello");
    }

    @Test
    void informationalResponsesComeBeforeTheFinalOneAndTakeNoTurn() {
        send(HttpMethod.HEAD);
        List<String> out = feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(out).containsExactly("full 100 'Continue' []", "full 103 'Early Hints' [Link=</a>]",
                "full 200 'OK' [Transfer-Encoding=chunked]");
    }

    @Test
    void noContentAndNotModifiedHaveNoBody() {
        send(HttpMethod.GET);
        send(HttpMethod.GET);
        assertThat(feed("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n"))
                .containsExactly("full 204 'No Content' []", "full 304 'Not Modified' [Content-Length=9]");
    }

    @Test
    void chunkedResponseWithTrailersStreams() {
        send(HttpMethod.POST);
        List<String> out = feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
                "2\r\nde\r\n0\r\ngrpc-status: 0\r\n\r\n");
        assertThat(out).containsExactly("head 200 'OK' [Transfer-Encoding=chunked]", "content body=abc",
                "content body=de", "last trailers=[grpc-status=0]");
    }

    @Test
    void aBodyWithoutLengthRunsToTheEndOfTheConnection() {
        send(HttpMethod.GET);
        assertThat(feed("HTTP/1.0 200 OK\r\n\r\npart one,", " part two")).containsExactly(
                "head 200 'OK' []", "content body=part one,", "content body= part two");
        channel.finish();
        assertThat(drain()).containsExactly("last");
    }

    @Test
    void aCloseInsideAFixedLengthBodyNeverEndsItCleanly() {
        send(HttpMethod.GET);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
                .containsExactly("head 200 'OK' [Content-Length=10]", "content body=abc");
        channel.finish();
        assertThat(drain()).isEmpty();
    }

    @Test
    void aCloseInsideTheHeadIsABrokenResponseAndAQuietCloseIsNot() {
        send(HttpMethod.GET);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Le")).isEmpty();
        channel.finish();
        assertThat(drain()).containsExactly("full 502 'Bad Gateway' [] FAILED MalformedHttpException");

        Http1ResponseDecoderTest quiet = new Http1ResponseDecoderTest();
        quiet.send(HttpMethod.GET);
        quiet.channel.finish();
        assertThat(quiet.drain()).isEmpty();
    }

    @Test
    void aNonStandardReasonIsKeptAndAStandardOneIsNetty() {
        send(HttpMethod.GET);
        send(HttpMethod.GET);
        send(HttpMethod.GET);
        List<String> out = feed("HTTP/1.1 200 Fine\r\nContent-Length: 0\r\n\r\nHTTP/1.1 404\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 599 \r\nContent-Length: 0\r\n\r\n");
        assertThat(out).containsExactly("full 200 'Fine' [Content-Length=0]", "full 404 'Not Found' [Content-Length=0]",
                "full 599 'Server Error (599)' [Content-Length=0]");
    }

    @Test
    void badResponsesAreRejected() {
        String[] bad = {
            "garbage\r\n\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1 099 Low\r\n\r\n",
            "HTTP/2.0 200 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX : b\r\n\r\n",
        };
        for (String raw : bad) {
            Http1ResponseDecoderTest t = new Http1ResponseDecoderTest();
            t.send(HttpMethod.GET);
            assertThat(t.feed(raw)).as(raw).singleElement().asString().endsWith("FAILED MalformedHttpException");
            assertThat(t.feed("HTTP/1.1 200 OK\r\n\r\n")).as("discarded after a failure").isEmpty();
        }
    }

    @Test
    void aBadChunkFailsTheBody() {
        send(HttpMethod.GET);
        assertThat(feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n"))
                .containsExactly("head 200 'OK' [Transfer-Encoding=chunked]", "content body=ab",
                        "last FAILED MalformedHttpException");
    }
}
