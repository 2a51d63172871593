package dev.sluice.proxy.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Http1RequestDecoderTest {
    private static final int MAX_LINE = 1024;
    private static final int MAX_HEADERS = 2048;

    private final Http1RequestDecoder decoder = new Http1RequestDecoder(MAX_LINE, MAX_HEADERS, 64 * 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    /** One decoded message, flattened for comparison: kind, head, headers, body text, trailers, failure. */
    private record Msg(String kind, String head, List<Map.Entry<String, String>> headers, String body,
            List<Map.Entry<String, String>> trailers, String failure) {}

    private List<Msg> feed(String... parts) {
        for (String p : parts) {
            channel.writeInbound(Unpooled.copiedBuffer(p, StandardCharsets.ISO_8859_1));
        }
        return drain();
    }

    private List<Msg> drain() {
        List<Msg> out = new ArrayList<>();
        HttpObject o;
        while ((o = channel.readInbound()) != null) {
            out.add(flatten(o));
            ReferenceCountUtil.release(o);
        }
        return out;
    }

    private static Msg flatten(HttpObject o) {
        String failure = o.decoderResult().isFailure() ? o.decoderResult().cause().getClass().getSimpleName() : null;
        String head = null;
        List<Map.Entry<String, String>> headers = null;
        if (o instanceof HttpRequest r) {
            head = r.method() + " " + r.uri() + " " + r.protocolVersion();
            headers = r.headers().entries();
        }
        String body = o instanceof HttpContent c ? c.content().toString(StandardCharsets.ISO_8859_1) : null;
        List<Map.Entry<String, String>> trailers =
                o instanceof LastHttpContent l ? l.trailingHeaders().entries() : null;
        String kind = o instanceof FullHttpRequest ? "full" : o instanceof HttpRequest ? "head"
                : o instanceof LastHttpContent ? "last" : "content";
        return new Msg(kind, head, headers, body, trailers, failure);
    }

    @Test
    void aBodilessRequestIsOneFullMessageWithItsHeadersAsSent() {
        List<Msg> out = feed("GET /api/v1/query?q=up HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n"
                + "x-multi: 1\r\nX-Multi: 2\r\n\r\n");
        assertThat(out).hasSize(1);
        Msg m = out.get(0);
        assertThat(m.kind()).isEqualTo("full");
        assertThat(m.head()).isEqualTo("GET /api/v1/query?q=up HTTP/1.1");
        assertThat(m.headers()).containsExactly(Map.entry("Host", "h"), Map.entry("X-Scope-OrgID", "team-a"),
                Map.entry("x-multi", "1"), Map.entry("X-Multi", "2"));
        assertThat(m.body()).isEmpty();
        assertThat(m.failure()).isNull();
    }

    @Test
    void aMessageKeepsItsFieldsWhenLaterHeadsAreParsedInTheSameArray() {
        // Long values (never kept), more fields than positions are kept, and one head bigger
        // than the reused array: each message decoded before the next must still read as sent.
        EmbeddedChannel ch = new EmbeddedChannel(new Http1RequestDecoder(MAX_LINE, 64 * 1024, 64 * 1024));
        StringBuilder wire = new StringBuilder();
        List<List<Map.Entry<String, String>>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            fields.add(Map.entry("X-Long", String.valueOf(i).repeat(RepeatedFields.MAX_KEPT_LINE + 10)));
            for (int k = 0; k < RepeatedFields.POSITIONS + 6; k++) {
                fields.add(Map.entry("f" + k, i + "-" + k));
            }
            if (i == 2) {
                fields.add(Map.entry("X-Huge", "h".repeat(Http1MessageDecoder.REUSED_HEAD_MAX + 100)));
            }
            sent.add(fields);
            wire.append("GET /m").append(i).append(" HTTP/1.1\r\n");
            fields.forEach(f -> wire.append(f.getKey()).append(": ").append(f.getValue()).append("\r\n"));
            wire.append("\r\n");
        }
        ch.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.US_ASCII));
        for (int i = 0; i < 4; i++) {
            FullHttpRequest r = ch.readInbound();
            assertThat(r.uri()).isEqualTo("/m" + i);
            assertThat(r.headers().entries()).containsExactlyElementsOf(sent.get(i));
            r.release();
        }
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void fieldsRepeatedOnAConnectionAreReusedAndFieldsThatChangeAreReadAnew() {
        channel.writeInbound(Unpooled.copiedBuffer("GET /a HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-a\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: h\r\nX-Scope-OrgID: team-b\r\nX-Extra: 1\r\n\r\n"
                + "GET /c HTTP/1.1\r\nhost: h\r\n\r\n", StandardCharsets.US_ASCII));
        FullHttpRequest a = channel.readInbound();
        FullHttpRequest b = channel.readInbound();
        FullHttpRequest c = channel.readInbound();
        FlatHttpHeaders ha = (FlatHttpHeaders) a.headers();
        FlatHttpHeaders hb = (FlatHttpHeaders) b.headers();
        assertThat(hb.nameAt(0)).isSameAs(ha.nameAt(0));
        assertThat(hb.valueAt(0)).isSameAs(ha.valueAt(0));
        assertThat(hb.nameAt(1)).isSameAs(ha.nameAt(1));
        assertThat(b.headers().entries()).containsExactly(Map.entry("Host", "h"), Map.entry("X-Scope-OrgID", "team-b"),
                Map.entry("X-Extra", "1"));
        assertThat(a.headers().entries()).containsExactly(Map.entry("Host", "h"), Map.entry("X-Scope-OrgID", "team-a"));
        assertThat(c.headers().entries()).containsExactly(Map.entry("host", "h"));
        a.release();
        b.release();
        c.release();
    }

    @Test
    void aBodyAlreadyInTheBufferComesWithItsHeadAsASliceOfTheReadBuffer() {
        ByteBuf in = Unpooled.copiedBuffer("POST /push HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", StandardCharsets.US_ASCII);
        channel.writeInbound(in);
        FullHttpRequest req = channel.readInbound();
        assertThat(req.method()).isEqualTo(HttpMethod.POST);
        assertThat(req.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        // Same memory as the read buffer: the body is not copied.
        assertThat(req.content().unwrap()).isSameAs(in);
        req.release();
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void aBodyStillArrivingStreamsAsHeadThenChunksThenLast() {
        List<Msg> out = feed("POST /push HTTP/1.1\r\nContent-Length: 12\r\n\r\nhel", "lo, w", "or", "ld");
        assertThat(out).extracting(Msg::kind).containsExactly("head", "content", "content", "content", "last");
        assertThat(out).extracting(Msg::body).containsExactly(null, "hel", "lo, w", "or", "ld");
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() {
        List<Msg> out = feed("POST /push HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nGrpc-Status: 0\r\nContent-Length: 3\r\n\r\n");
        assertThat(out).extracting(Msg::kind).containsExactly("head", "content", "content", "last");
        assertThat(out).extracting(Msg::body).containsExactly(null, "hello", " world", "");
        // Framing fields mean nothing in trailers and are dropped.
        assertThat(out.get(3).trailers()).containsExactly(Map.entry("Grpc-Status", "0"));
        assertThat(out).extracting(Msg::failure).containsOnlyNulls();
    }

    @Test
    void chunkedBodyWithoutTrailersEndsInTheSharedEmptyLast() {
        List<Msg> out = feed("POST /p HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(out).extracting(Msg::kind).containsExactly("head", "content", "last");
        assertThat(out.get(2).trailers()).isEmpty();
    }

    @Test
    void pipelinedRequestsLeadingEmptyLinesAndBareLineFeeds() {
        List<Msg> out = feed("\r\n\r\nGET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b HTTP/1.0\nContent-Length: 2\n\nokHEAD /c HTTP/1.1\r\n\r\n");
        assertThat(out).extracting(Msg::head).containsExactly("GET /a HTTP/1.1", "POST /b HTTP/1.0", "HEAD /c HTTP/1.1");
        assertThat(out).extracting(Msg::body).containsExactly("", "ok", "");
        assertThat(decoder.pollAnswersHead()).isFalse();
        assertThat(decoder.pollAnswersHead()).isFalse();
        assertThat(decoder.pollAnswersHead()).isTrue();
        assertThat(decoder.pollAnswersHead()).isFalse(); // nothing left
    }

    @Test
    void valuesAreTrimmedOfOptionalWhitespaceButKeepInnerSpaces() {
        List<Msg> out = feed("GET / HTTP/1.1\r\nX-A:   a  b \t\r\nX-Empty:\r\nX-Obs: caf\u00e9\r\n\r\n");
        assertThat(out.get(0).headers()).containsExactly(Map.entry("X-A", "a  b"), Map.entry("X-Empty", ""),
                Map.entry("X-Obs", "caf\u00e9"));
    }

    @Test
    void repeatedEqualContentLengthIsForwardedOnce() {
        List<Msg> out = feed("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok");
        assertThat(out.get(0).headers()).containsExactly(Map.entry("Content-Length", "2"));
        assertThat(out.get(0).body()).isEqualTo("ok");
    }

    @Test
    void repeatedLinesStillFrameTheBodyAndKeepTheirTrimmedValues() {
        // The second and third heads repeat the first one's lines byte for byte: taken as kept,
        // they must still frame each body, be trimmed and count a repeated Content-Length once.
        String chunked = "POST /c HTTP/1.1\r\nX-A:  a \r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n";
        String fixed = "POST /f HTTP/1.1\r\nX-A:  a \r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nhi";
        List<Msg> out = feed(chunked + chunked + fixed + fixed);
        assertThat(out).extracting(Msg::kind).containsExactly("head", "content", "last", "head", "content", "last",
                "full", "full");
        assertThat(out).extracting(Msg::body).containsExactly(null, "ok", "", null, "ok", "", "hi", "hi");
        assertThat(out.get(3).headers()).containsExactly(Map.entry("X-A", "a"), Map.entry("Transfer-Encoding", "chunked"));
        assertThat(out.get(7).headers()).containsExactly(Map.entry("X-A", "a"), Map.entry("Content-Length", "2"));
        assertThat(out).extracting(Msg::failure).containsOnlyNulls();
    }

    @Test
    void aRepeatedContentLengthThatNowDisagreesIsRejected() {
        List<Msg> out = feed("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nok"
                + "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(out).extracting(Msg::failure).containsExactly(null, "MalformedHttpException");
    }

    @Test
    void anyWayOfSplittingTheBytesDecodesTheSame() {
        String stream = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /b HTTP/1.1\r\nContent-Length: 11\r\nX-Scope-OrgID: t\r\n\r\nhello world"
                + "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5;x=y\r\npedia\r\n0\r\nT: v\r\n\r\n"
                + "HEAD /d HTTP/1.1\r\n\r\n";
        String expected = joined(new Http1RequestDecoderTest().feed(stream));
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            Http1RequestDecoderTest t = new Http1RequestDecoderTest();
            List<String> parts = new ArrayList<>();
            int i = 0;
            while (i < stream.length()) {
                int n = round == 0 ? 1 : 1 + random.nextInt(12);
                parts.add(stream.substring(i, Math.min(stream.length(), i + n)));
                i += n;
            }
            assertThat(joined(t.feed(parts.toArray(String[]::new)))).as("round %d", round).isEqualTo(expected);
        }
    }

    /** Messages reduced to what must not depend on read boundaries: heads, headers, body bytes, trailers. */
    private static String joined(List<Msg> msgs) {
        StringBuilder sb = new StringBuilder();
        for (Msg m : msgs) {
            if (m.head() != null) {
                sb.append("\n[").append(m.head()).append(' ').append(m.headers()).append("] ");
            }
            if (m.body() != null) {
                sb.append(m.body());
            }
            if (m.trailers() != null) {
                sb.append(" <end ").append(m.trailers()).append('>');
            }
            if (m.failure() != null) {
                sb.append(" FAILED");
            }
        }
        return sb.toString();
    }

    // ---- rejections --------------------------------------------------------------------------

    private void assertHeadRejected(String raw, Class<?> failure) {
        List<Msg> out = feed(raw);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind()).isEqualTo("full");
        assertThat(out.get(0).failure()).as(raw).isEqualTo(failure.getSimpleName());
        // Everything after a failure is discarded.
        assertThat(feed("GET / HTTP/1.1\r\n\r\n")).isEmpty();
    }

    @Test
    void malformedHeadsAreRejected() {
        String[] bad = {
            "GET / HTTP/1.1\r\nX-Bad : v\r\n\r\n",
            "GET / HTTP/1.1\r\nX Bad: v\r\n\r\n",
            "GET / HTTP/1.1\r\n: v\r\n\r\n",
            "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            "GET / HTTP/1.1\r\nX-Bad: a\u0000b\r\n\r\n",
            "GET / HTTP/1.1\r\nX-Bad: a\u0001b\r\n\r\n",
            "GET / HTTP/1.1\r\nX-Bad: a\rb\r\n\r\n",
            "GET / HTTP/1.1\r\nX-Bad: a\u007fb\r\n\r\n",
            "GET / HTTP/1.1\r\nX-A: a\r\n folded\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length:\r\n\r\n",
            "GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            "GET / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/2.0\r\n\r\n",
            "GET / HTTP/1.1 extra\r\n\r\n",
            "GET /\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "G(T / HTTP/1.1\r\n\r\n",
            "GET /a\u0001b HTTP/1.1\r\n\r\n",
        };
        for (String raw : bad) {
            Http1RequestDecoderTest t = new Http1RequestDecoderTest();
            t.assertHeadRejected(raw, MalformedHttpException.class);
        }
    }

    @Test
    void overlongRequestLineAndHeaderSectionAreRejectedEvenWhileStillArriving() {
        assertHeadRejected("GET /" + "a".repeat(MAX_LINE) + " HTTP/1.1\r\n\r\n", TooLongHttpLineException.class);
        Http1RequestDecoderTest t = new Http1RequestDecoderTest();
        // No line end yet: the limit holds without waiting for one.
        assertThat(t.feed("GET /" + "a".repeat(MAX_LINE / 2))).isEmpty();
        List<Msg> out = t.feed("a".repeat(MAX_LINE));
        assertThat(out).extracting(Msg::failure).containsExactly("TooLongHttpLineException");

        t = new Http1RequestDecoderTest();
        t.assertHeadRejected("GET / HTTP/1.1\r\nX-Big: " + "b".repeat(MAX_HEADERS) + "\r\n\r\n",
                TooLongHttpHeaderException.class);
        t = new Http1RequestDecoderTest();
        List<Msg> slow = new ArrayList<>(t.feed("GET / HTTP/1.1\r\n"));
        for (int i = 0; i < MAX_HEADERS && slow.isEmpty(); i++) {
            slow.addAll(t.feed("X-" + i % 10 + ": 12\r\n"));
        }
        assertThat(slow).extracting(Msg::failure).containsExactly("TooLongHttpHeaderException");
    }

    @Test
    void aBadChunkEndsTheBodyAsAFailureNeverAsACleanEnd() {
        List<Msg> out = feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n");
        assertThat(out).extracting(Msg::kind).containsExactly("head", "content", "last");
        assertThat(out.get(2).failure()).isEqualTo("MalformedHttpException");
        assertThat(feed("GET / HTTP/1.1\r\n\r\n")).isEmpty();

        String[] badSizes = {"zz\r\n", "\r\n", "3 x\r\n", "3;a\u0001b\r\n", "fffffffffffffffff\r\n"};
        for (String size : badSizes) {
            Http1RequestDecoderTest t = new Http1RequestDecoderTest();
            List<Msg> o = t.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + size);
            assertThat(o).extracting(Msg::kind).as(size).containsExactly("head", "last");
            assertThat(o.get(1).failure()).as(size).isEqualTo("MalformedHttpException");
        }
    }

    @Test
    void aFailedRequestStillTakesItsTurnForTheResponse() {
        feed("HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nX Bad: v\r\n\r\n");
        assertThat(decoder.pollAnswersHead()).isTrue();
        assertThat(decoder.pollAnswersHead()).isFalse();
    }

    @Test
    void versionAndMethodConstants() {
        List<Msg> out = feed("PUT /x HTTP/1.0\r\n\r\nDELETE /y HTTP/1.1\r\n\r\nPURGE /z HTTP/1.1\r\n\r\n");
        assertThat(out).extracting(Msg::head).containsExactly("PUT /x HTTP/1.0", "DELETE /y HTTP/1.1", "PURGE /z HTTP/1.1");
        channel.writeInbound(Unpooled.copiedBuffer("OPTIONS * HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
        FullHttpRequest r = channel.readInbound();
        assertThat(r.method()).isSameAs(HttpMethod.OPTIONS);
        assertThat(r.protocolVersion()).isSameAs(HttpVersion.HTTP_1_1);
        r.release();
    }
}
