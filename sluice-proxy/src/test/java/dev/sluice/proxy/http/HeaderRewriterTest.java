package dev.sluice.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.proxy.http.codec.FlatHttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderRewriterTest {
    private static FlatHttpHeaders headers(String... namesAndValues) {
        FlatHttpHeaders h = new FlatHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.addTrusted(AsciiString.of(namesAndValues[i]), AsciiString.of(namesAndValues[i + 1]));
        }
        return h;
    }

    /** Each name the one-pass check looks for, alone among ordinary fields and in any case. */
    @Test
    void everyHopByHopFieldIsRemovedFromRequestsAndResponsesWhateverItsCase() {
        for (String name : List.of("Connection", "CONNECTION", "keep-alive", "Keep-Alive", "Proxy-Connection",
                "upgrade", "UPGRADE", "te", "Te", "Proxy-Authenticate")) {
            FlatHttpHeaders request = headers("Host", "h", name, "x", "X-Scope-OrgID", "a");
            HeaderRewriter.rewriteRequest(request, null, false);
            assertThat(request.contains(name)).as("request, %s", name).isFalse();
            assertThat(request.get("X-Scope-OrgID")).isEqualTo("a");
            FlatHttpHeaders response = headers("Server", "s", name, "x");
            HeaderRewriter.rewriteResponse(response);
            assertThat(response.entries()).as("response, %s", name).containsExactly(Map.entry("Server", "s"));
        }
    }

    @Test
    void http2ConversionFieldsLeaveResponses() {
        FlatHttpHeaders response = headers("x-http2-stream-id", "3", "X-Http2-Scheme", "http", "Content-Length", "2");
        HeaderRewriter.rewriteResponse(response);
        assertThat(response.entries()).containsExactly(Map.entry("Content-Length", "2"));
    }

    @Test
    void aResponseWithoutHopByHopFieldsIsLeftAsItIs() {
        FlatHttpHeaders response = headers("Server", "s", "Content-Type", "text/plain", "Trailer", "x", "Te-X", "1");
        HeaderRewriter.rewriteResponse(response);
        assertThat(response.entries()).containsExactly(Map.entry("Server", "s"), Map.entry("Content-Type", "text/plain"),
                Map.entry("Trailer", "x"), Map.entry("Te-X", "1"));
    }

    @Test
    void connectionKeepAliveGoesAloneAndAFieldItNamesGoesWithIt() {
        FlatHttpHeaders plain = headers("Connection", "Keep-Alive", "X-Kept", "k");
        HeaderRewriter.rewriteResponse(plain);
        assertThat(plain.entries()).containsExactly(Map.entry("X-Kept", "k"));
        FlatHttpHeaders naming = headers("Connection", "keep-alive, X-Hop", "X-Hop", "1", "X-Kept", "k");
        HeaderRewriter.rewriteResponse(naming);
        assertThat(naming.entries()).containsExactly(Map.entry("X-Kept", "k"));
    }

    @Test
    void aRequestGetsForwardingFieldsAndAnIdAndKeepsTeTrailers() {
        FlatHttpHeaders request = headers("Host", "h", "TE", "trailers");
        CharSequence id = HeaderRewriter.rewriteRequest(request, AsciiString.of("10.0.0.1"), false);
        assertThat(id.length()).isEqualTo(32);
        assertThat(request.get("x-forwarded-for")).isEqualTo("10.0.0.1");
        assertThat(request.get("x-forwarded-proto")).isEqualTo("http");
        assertThat(request.get("x-request-id")).isEqualTo(id.toString());
        assertThat(request.get("te")).isEqualTo("trailers");
        FlatHttpHeaders withHops = headers("X-Forwarded-For", "1.2.3.4", "x-request-id", "given");
        assertThat(HeaderRewriter.rewriteRequest(withHops, AsciiString.of("10.0.0.1"), false).toString()).isEqualTo("given");
        assertThat(withHops.getAll("x-forwarded-for")).containsExactly("1.2.3.4, 10.0.0.1");
    }
}
