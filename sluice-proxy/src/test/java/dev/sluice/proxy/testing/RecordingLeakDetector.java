package dev.sluice.proxy.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Netty's leak detector, counting what it reports so a test can assert that a path released its
 * buffers. Installed for the whole test JVM by the system property
 * {@code io.netty.customResourceLeakDetector} (see this module's pom); it still logs as usual.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    private static final AtomicInteger LEAKS = new AtomicInteger();
    private static volatile boolean created;

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        created = true;
    }

    /**
     * The constructor Netty's factory looks for first; without it, it logs an ERROR with a stack
     * trace at every test JVM start before falling back to the one above.
     */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.incrementAndGet();
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.incrementAndGet();
        super.reportUntracedLeak(resourceType);
    }

    /** True when this detector is the one Netty uses (the test JVM was started with it). */
    public static boolean installed() {
        ByteBufAllocator.DEFAULT.buffer(1).release(); // makes sure the detector exists
        return created;
    }

    /**
     * Leaks reported so far, after collecting garbage: a leak is only noticed once the buffer
     * is unreachable, collected, and a later allocation makes the detector look.
     */
    public static int collectAndCount() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            for (int j = 0; j < 16; j++) {
                ByteBufAllocator.DEFAULT.directBuffer(16).release();
                ByteBufAllocator.DEFAULT.heapBuffer(16).release();
            }
        }
        return LEAKS.get();
    }
}
