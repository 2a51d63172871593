package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBufAllocator;

/**
 * Writes {@link BytePattern} bytes to an exchange one chunk at a time, and only while the channel
 * is writable; otherwise it waits for writability. That keeps a 1 GiB download at one chunk of
 * memory instead of queueing the whole body in the outbound buffer. Chunks are pooled direct
 * buffers, like bytes read from a real socket, so a missing wait would show in direct memory.
 */
final class PatternStreamer {

    private final Exchange exchange;
    private final long total;
    private final boolean endStream;
    private final Runnable whenDone;
    private long offset;

    /**
     * @param endStream whether the last chunk ends the response
     * @param whenDone runs after the last chunk was flushed
     */
    PatternStreamer(Exchange exchange, long total, boolean endStream, Runnable whenDone) {
        this.exchange = exchange;
        this.total = total;
        this.endStream = endStream;
        this.whenDone = whenDone;
    }

    void start() {
        if (total == 0) {
            whenDone.run();
            return;
        }
        pump();
    }

    private void pump() {
        while (exchange.isOpen() && offset < total && exchange.isWritable()) {
            int n = (int) Math.min(BytePattern.CHUNK, total - offset);
            long chunkOffset = offset;
            offset += n;
            boolean last = offset == total;
            var future = exchange.sendData(BytePattern.copy(ByteBufAllocator.DEFAULT, chunkOffset, n), last && endStream);
            if (last) {
                future.addListener(f -> whenDone.run());
            }
        }
        if (exchange.isOpen() && offset < total) {
            exchange.whenWritable(this::pump);
        }
    }
}
