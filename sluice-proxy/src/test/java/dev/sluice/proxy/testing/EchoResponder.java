package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Streams the request body back as the response body while it arrives. When the response side
 * backs up, reading of the request pauses, so a client that uploads faster than it downloads is
 * slowed by TCP (or HTTP/2 flow control) instead of filling the heap.
 */
final class EchoResponder implements Behavior.RequestListener {

    private final Exchange exchange;

    EchoResponder(Exchange exchange) {
        this.exchange = exchange;
        HeaderList headers = HeaderList.empty();
        String contentType = exchange.requestHeaders().get("content-type");
        if (contentType != null) {
            headers = headers.with("content-type", contentType);
        }
        String contentLength = exchange.requestHeaders().get("content-length");
        if (contentLength != null) {
            headers = headers.with("content-length", contentLength);
        }
        exchange.sendHead(200, headers, false);
    }

    @Override
    public void onBody(ByteBuf chunk) {
        exchange.sendData(chunk.retain(), false);
        if (!exchange.isWritable()) {
            exchange.pauseReading();
            exchange.whenWritable(exchange::resumeReading);
        }
    }

    @Override
    public void onEnd() {
        exchange.sendData(Unpooled.EMPTY_BUFFER, true);
    }
}
