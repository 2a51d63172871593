package dev.sluice.proxy.route;

import dev.sluice.config.model.RequestKind;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tenant id to its read and write targets: a chained hash table built once per config snapshot,
 * read by every worker without locks. A lookup costs the same with one tenant or 100,000.
 *
 * <p>Keyed by the bytes a header carries (the id's UTF-8 encoding) and looked up with the
 * decoder's view of the received value: no String per request. Each entry holds its hash, its
 * key bytes and both targets, so a lookup with 100,000 tenants (whose data is not in cache)
 * follows three references where a HashMap of AsciiString to a target array needs five.
 */
final class TenantTable {
    private final Entry[] table;
    private final int mask;
    private int size;

    private static final class Entry {
        final int hash;
        final byte[] key;
        final RouteTarget read;
        final RouteTarget write;
        final Entry next;

        Entry(int hash, byte[] key, RouteTarget read, RouteTarget write, Entry next) {
            this.hash = hash;
            this.key = key;
            this.read = read;
            this.write = write;
            this.next = next;
        }
    }

    TenantTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(2, (int) (expected / 0.75f)) * 2 - 1);
        table = new Entry[capacity];
        mask = capacity - 1;
    }

    /** Adds a tenant; {@code byKind} is indexed by {@link RequestKind#ordinal()}. Builder use only. */
    void put(String tenant, RouteTarget[] byKind) {
        byte[] key = tenant.getBytes(StandardCharsets.UTF_8);
        int h = hash(key, 0, key.length);
        int i = h & mask;
        for (Entry e = table[i]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, key)) {
                throw new IllegalArgumentException("duplicate tenant " + tenant);
            }
        }
        table[i] = new Entry(h, key, byKind[RequestKind.READ.ordinal()], byKind[RequestKind.WRITE.ordinal()], table[i]);
        size++;
    }

    int size() {
        return size;
    }

    /**
     * The target for this tenant and kind, or null when the tenant is not configured.
     * {@code tenant} is a header value: an AsciiString of the received bytes, or a String whose
     * chars are those bytes (how Netty's HTTP/2 side reads them).
     */
    RouteTarget lookup(CharSequence tenant, RequestKind kind) {
        AsciiString a = tenant instanceof AsciiString s ? s : new AsciiString(tenant);
        byte[] bytes = a.array();
        int from = a.arrayOffset();
        int to = from + a.length();
        int h = hash(bytes, from, to);
        for (Entry e = table[h & mask]; e != null; e = e.next) {
            if (e.hash == h && Arrays.equals(e.key, 0, e.key.length, bytes, from, to)) {
                return kind == RequestKind.READ ? e.read : e.write;
            }
        }
        return null;
    }

    /** A polynomial hash of the bytes, then mixed (MurmurHash3's finalizer) so the low bits vary. */
    private static int hash(byte[] b, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
