package dev.sluice.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import dev.sluice.proxy.http.codec.FlatHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a proxy does to headers on the way through: hop-by-hop headers are the connection's,
 * not the message's, so they are dropped in both directions; X-Forwarded-For/-Proto and
 * x-request-id are set on requests.
 */
public final class HeaderRewriter {
    public static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");
    public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString HTTP = AsciiString.cached("http");
    // Added by Netty's HTTP/2 to HTTP/1 conversion; they describe our hop, not the request.
    private static final AsciiString H2_STREAM_ID = AsciiString.cached("x-http2-stream-id");
    private static final AsciiString H2_SCHEME = AsciiString.cached("x-http2-scheme");
    private static final AsciiString H2_PATH = AsciiString.cached("x-http2-path");
    /** Every name {@link #removeHopByHop} or {@link #rewriteResponse} may remove, for {@link #mayHoldHopByHop}. */
    private static final AsciiString[] HOP_BY_HOP = {HttpHeaderNames.TE, HttpHeaderNames.UPGRADE,
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, H2_SCHEME, PROXY_CONNECTION, H2_STREAM_ID,
        HttpHeaderNames.PROXY_AUTHENTICATE};
    private static final long HOP_BY_HOP_BITS = FlatHttpHeaders.bitsOf(HOP_BY_HOP);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private HeaderRewriter() {}

    /**
     * Rewrites request headers in place and returns the request id (kept or generated).
     * {@code clientIp} is the downstream peer (null when unknown); {@code fromH2} says whether
     * Netty's HTTP/2 conversion added its extension headers.
     */
    public static CharSequence rewriteRequest(HttpHeaders headers, CharSequence clientIp, boolean fromH2) {
        removeHopByHop(headers, true);
        if (fromH2) {
            headers.remove(H2_STREAM_ID);
            headers.remove(H2_SCHEME);
            headers.remove(H2_PATH);
        }
        FlatHttpHeaders flat = headers instanceof FlatHttpHeaders f ? f : null;
        if (clientIp != null) {
            List<String> prior = headers.contains(X_FORWARDED_FOR) ? headers.getAll(X_FORWARDED_FOR) : List.of();
            if (prior.isEmpty()) {
                if (flat != null && clientIp instanceof AsciiString ip) {
                    flat.addTrusted(X_FORWARDED_FOR, ip); // absent, and a textual IP needs no checking
                } else {
                    headers.set(X_FORWARDED_FOR, clientIp);
                }
            } else {
                // Several X-Forwarded-For lines are one list (RFC 9110 5.3): keep every hop, in order.
                StringBuilder xff = new StringBuilder();
                for (String hop : prior) {
                    if (!hop.isBlank()) {
                        xff.append(hop.trim()).append(", ");
                    }
                }
                headers.set(X_FORWARDED_FOR, xff.append(clientIp).toString());
            }
        }
        headers.set(X_FORWARDED_PROTO, HTTP);
        CharSequence id = FlatHttpHeaders.firstValue(headers, REQUEST_ID);
        if (id == null && flat != null) {
            AsciiString generated = newRequestId();
            flat.addTrusted(REQUEST_ID, generated); // absent, and hex digits need no checking
            return generated;
        }
        if (id == null || id.length() == 0 || id.length() > 128) {
            id = newRequestId();
            headers.set(REQUEST_ID, id);
        }
        return id;
    }

    /** The textual IP of a peer, for X-Forwarded-For; computed once per connection. */
    public static AsciiString ipOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return AsciiString.of(inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString());
        }
        return null;
    }

    public static void rewriteResponse(HttpHeaders headers) {
        if (headers instanceof FlatHttpHeaders flat && !mayHoldHopByHop(flat)) {
            return;
        }
        removeEveryHopByHop(headers, false);
        headers.remove(H2_STREAM_ID);
        headers.remove(H2_SCHEME);
    }

    /**
     * Drops Connection, the headers it names, Keep-Alive, Proxy-Connection, Upgrade and TE
     * (except "TE: trailers" on requests, which gRPC needs end to end). Transfer-Encoding is left
     * to the codecs, which re-frame the body for the next hop.
     */
    static void removeHopByHop(HttpHeaders headers, boolean request) {
        if (headers instanceof FlatHttpHeaders flat && !mayHoldHopByHop(flat)) {
            return;
        }
        removeEveryHopByHop(headers, request);
    }

    /** {@link #removeHopByHop} without the check whether there is anything to remove. */
    private static void removeEveryHopByHop(HttpHeaders headers, boolean request) {
        if (headers.contains(HttpHeaderNames.CONNECTION) && !onlyKeepAliveOrClose(headers)) {
            for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                for (String token : value.split(",")) {
                    String name = token.trim();
                    if (!name.isEmpty() && !name.equalsIgnoreCase("close") && !name.equalsIgnoreCase("keep-alive")) {
                        headers.remove(name);
                    }
                }
            }
        }
        headers.remove(HttpHeaderNames.CONNECTION);
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(PROXY_CONNECTION);
        headers.remove(HttpHeaderNames.UPGRADE);
        headers.remove(HttpHeaderNames.PROXY_AUTHENTICATE);
        String te = headers.get(HttpHeaderNames.TE);
        if (te != null) {
            headers.remove(HttpHeaderNames.TE);
            if (request && te.toLowerCase().contains("trailers")) {
                headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
            }
        }
    }

    /**
     * Whether any field is one that {@link #removeHopByHop} or {@link #rewriteResponse} removes.
     * Most messages have none: the names' bits answer that without a scan, and then every
     * removal (a scan each) is skipped. Otherwise one pass compares each name's length first.
     */
    private static boolean mayHoldHopByHop(FlatHttpHeaders headers) {
        if (!headers.mayContainAny(HOP_BY_HOP_BITS)) {
            return false;
        }
        for (int i = 0, n = headers.size(); i < n; i++) {
            CharSequence name = headers.nameAt(i);
            for (AsciiString known : HOP_BY_HOP) {
                if (known.length() == name.length() && known.contentEqualsIgnoreCase(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether every Connection value is just "keep-alive" or "close", which name no other field. */
    private static boolean onlyKeepAliveOrClose(HttpHeaders headers) {
        for (Iterator<? extends CharSequence> it = headers.valueCharSequenceIterator(HttpHeaderNames.CONNECTION); it.hasNext();) {
            CharSequence v = it.next();
            if (!HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(v) && !HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(v)) {
                return false;
            }
        }
        return true;
    }

    /** 128 random bits as 32 hex characters, like a UUID without dashes; no SecureRandom on the hot path. */
    static AsciiString newRequestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = r.nextLong();
        long lo = r.nextLong();
        byte[] out = new byte[32];
        for (int i = 0; i < 16; i++) {
            out[15 - i] = HEX[(int) (hi >>> (i * 4)) & 0xf];
            out[31 - i] = HEX[(int) (lo >>> (i * 4)) & 0xf];
        }
        return new AsciiString(out, false);
    }
}
