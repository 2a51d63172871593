package dev.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/** What a benchmark's channel wrote: drained, released, and counted so the JIT can't drop the work. */
final class WrittenBytes {
    private WrittenBytes() {}

    static int drain(EmbeddedChannel channel) {
        int n = 0;
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            n += b.readableBytes();
            ReferenceCountUtil.release(b);
        }
        return n;
    }
}
