package dev.sluice.proxy.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * A response Sluice makes itself: the cause's status, a one-line JSON body naming the cause,
 * tenant and cluster, and the cause code in {@code x-sluice-cause}.
 */
public final class LocalReply {
    public static final AsciiString CAUSE_HEADER = AsciiString.cached("x-sluice-cause");

    private LocalReply() {}

    public static FullHttpResponse build(
            ByteBufAllocator alloc, Cause cause, String tenant, String cluster, String requestId) {
        StringBuilder json = new StringBuilder(160);
        json.append("{\"cause\":\"").append(cause.code()).append("\",\"status\":").append(cause.status().code());
        json.append(",\"message\":");
        appendString(json, cause.message());
        json.append(",\"tenant\":");
        appendNullable(json, tenant);
        json.append(",\"cluster\":");
        appendNullable(json, cluster);
        json.append(",\"request_id\":");
        appendNullable(json, requestId);
        json.append("}\n");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf body = alloc.buffer(bytes.length).writeBytes(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, cause.status(), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(CAUSE_HEADER, cause.code());
        if (requestId != null) {
            response.headers().set(HeaderRewriter.REQUEST_ID, requestId);
        }
        return response;
    }

    private static void appendNullable(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
        } else {
            appendString(out, value);
        }
    }

    private static void appendString(StringBuilder out, String value) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }
}
