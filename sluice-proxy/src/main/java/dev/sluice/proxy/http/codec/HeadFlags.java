package dev.sluice.proxy.http.codec;

/**
 * For each request decoded on a connection and not answered yet, oldest first: whether it was a
 * HEAD, whose response has no body whatever its headers say. Requests are answered in order, so
 * the response encoder takes one flag per final response. A growable ring of booleans (its
 * length a power of two, so an index wraps with a mask).
 */
final class HeadFlags {
    private boolean[] ring = new boolean[4];
    private int first;
    private int count;

    void add(boolean head) {
        if (count == ring.length) {
            boolean[] bigger = new boolean[ring.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = ring[(first + i) & (ring.length - 1)];
            }
            ring = bigger;
            first = 0;
        }
        ring[(first + count) & (ring.length - 1)] = head;
        count++;
    }

    /** The oldest flag, removed; false when none is left (a reply to no decoded request). */
    boolean poll() {
        if (count == 0) {
            return false;
        }
        boolean head = ring[first];
        first = (first + 1) & (ring.length - 1);
        count--;
        return head;
    }
}
