package dev.sluice.proxy.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Flushes wait for the loop's task pass, each channel once per pass, later requests included. */
class FlushBatchTest {
    private final AtomicInteger aFlushes = new AtomicInteger();
    private final AtomicInteger bFlushes = new AtomicInteger();
    private final EmbeddedChannel a = new EmbeddedChannel(counting(aFlushes));
    private final EmbeddedChannel b = new EmbeddedChannel(counting(bFlushes));
    private final FlushBatch batch = new FlushBatch(a.eventLoop());

    @AfterEach
    void close() {
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }

    private static ChannelOutboundHandlerAdapter counting(AtomicInteger flushes) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        };
    }

    @Test
    void writesLeaveOnlyWhenTheLoopRunsTheBatchAndEachChannelIsFlushedOnce() {
        a.write("a1");
        batch.flushDownstreamLater(a);
        batch.flushDownstreamLater(a);
        b.write("b1");
        batch.flushUpstreamLater(b);
        assertThat((Object) a.readOutbound()).isNull();
        assertThat((Object) b.readOutbound()).isNull();

        a.runPendingTasks();

        assertThat((Object) a.readOutbound()).isEqualTo("a1");
        assertThat((Object) b.readOutbound()).isEqualTo("b1");
        assertThat(aFlushes).hasValue(1);
        assertThat(bFlushes).hasValue(1);
    }

    @Test
    void requestsToBackendsAreFlushedBeforeResponsesToClients() {
        StringBuilder order = new StringBuilder();
        a.pipeline().addFirst(recording(order, "a"));
        b.pipeline().addFirst(recording(order, "b"));
        batch.flushDownstreamLater(a);
        batch.flushUpstreamLater(b);
        a.runPendingTasks();
        assertThat(order).hasToString("ba");
    }

    private static ChannelOutboundHandlerAdapter recording(StringBuilder order, String name) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                order.append(name);
                ctx.flush();
            }
        };
    }

    @Test
    void aFlushAskedForDuringThePassJoinsItAndTheNextBatchIsScheduledAgain() {
        a.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                ctx.flush();
                if (bFlushes.get() == 0) {
                    b.write("b1");
                    batch.flushUpstreamLater(b); // as a write listener would, inside a's flush
                }
            }
        });
        a.write("a1");
        batch.flushDownstreamLater(a);
        a.runPendingTasks();
        assertThat((Object) b.readOutbound()).isEqualTo("b1");
        assertThat(bFlushes).hasValue(1);

        a.write("a2");
        batch.flushDownstreamLater(a);
        assertThat((Object) a.readOutbound()).isEqualTo("a1");
        assertThat((Object) a.readOutbound()).isNull();
        a.runPendingTasks();
        assertThat((Object) a.readOutbound()).isEqualTo("a2");
        assertThat(aFlushes).hasValue(2);
    }
}
