package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

/**
 * Watches memory while a test streams a large body, to show the body was streamed and not
 * buffered. Samples every few milliseconds on a daemon thread:
 * <ul>
 *   <li>direct memory: the largest of Netty's own count ({@code PlatformDependent}), the default
 *       and pooled allocators' metrics, and the JVM's direct buffer pool; this is the figure a
 *       buffering proxy inflates, and it is exact;
 *   <li>heap used: noisy (garbage counts until collected), so the useful heap figure is
 *       {@link #retainedHeapGrowth()}, measured after a GC at the end.
 * </ul>
 * Everything in the JVM counts (the proxy, the backend, the clients), which is the point: the
 * bound must hold for the whole test.
 */
public final class BoundedHeap implements AutoCloseable {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baselineHeap;
    private final long baselineDirect;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakHeap;
    private volatile long peakDirect;
    private long retainedHeapGrowth = -1;

    private BoundedHeap(Duration interval) {
        baselineHeap = heapAfterGc();
        baselineDirect = directUsed();
        peakHeap = baselineHeap;
        peakDirect = baselineDirect;
        sampler = Thread.ofPlatform().daemon().name("bounded-heap-sampler").start(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Takes the baseline (after a GC) and starts sampling every 5 ms. */
    public static BoundedHeap start() {
        return new BoundedHeap(Duration.ofMillis(5));
    }

    /** Direct memory in use now, by the largest of the counters that track it. */
    public static long directUsed() {
        long direct = Math.max(0, PlatformDependent.usedDirectMemory());
        direct = Math.max(direct, allocatorDirect(ByteBufAllocator.DEFAULT));
        direct = Math.max(direct, PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = Math.max(direct, pool.getMemoryUsed());
            }
        }
        return direct;
    }

    /** Heap used now (includes uncollected garbage). */
    public static long heapUsed() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Growth of peak direct memory over the baseline. */
    public long peakDirectGrowth() {
        return Math.max(0, peakDirect - baselineDirect);
    }

    /** Growth of peak heap used over the baseline; an upper bound, garbage included. */
    public long peakHeapGrowth() {
        return Math.max(0, peakHeap - baselineHeap);
    }

    /** Live heap growth after a GC at {@link #close()}; -1 before close. */
    public long retainedHeapGrowth() {
        return retainedHeapGrowth;
    }

    /** Stops sampling and measures retained heap after a GC. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        retainedHeapGrowth = Math.max(0, heapAfterGc() - baselineHeap);
    }

    /**
     * Stops sampling, then fails if peak direct memory or live heap (after a GC) grew by more
     * than the bounds. Peak heap is not checked: garbage makes it depend on the collector.
     */
    public void assertBounded(long maxDirectGrowth, long maxHeapGrowth) {
        close();
        if (peakDirectGrowth() > maxDirectGrowth) {
            throw new AssertionError("direct memory grew by %,d bytes at peak (limit %,d): %s"
                    .formatted(peakDirectGrowth(), maxDirectGrowth, this));
        }
        if (retainedHeapGrowth > maxHeapGrowth) {
            throw new AssertionError("live heap grew by %,d bytes (limit %,d): %s"
                    .formatted(retainedHeapGrowth, maxHeapGrowth, this));
        }
    }

    private void sample() {
        long heap = heapUsed();
        long direct = directUsed();
        if (heap > peakHeap) {
            peakHeap = heap;
        }
        if (direct > peakDirect) {
            peakDirect = direct;
        }
    }

    private static long allocatorDirect(ByteBufAllocator allocator) {
        return allocator instanceof ByteBufAllocatorMetricProvider provider
                ? provider.metric().usedDirectMemory() : 0;
    }

    private static long heapAfterGc() {
        // Two rounds: the first may only queue finalizable/cleanable objects.
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return heapUsed();
    }

    @Override
    public String toString() {
        return "BoundedHeap[peakDirectGrowth=%,d peakHeapGrowth=%,d retainedHeapGrowth=%,d baselineDirect=%,d]"
                .formatted(peakDirectGrowth(), peakHeapGrowth(), retainedHeapGrowth, baselineDirect);
    }
}
