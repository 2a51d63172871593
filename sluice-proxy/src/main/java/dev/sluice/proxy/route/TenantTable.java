package dev.sluice.proxy.route;

import dev.sluice.config.model.RequestKind;
import io.netty.util.AsciiString;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tenant id to its read and write targets: a chained hash table built once per config snapshot,
 * read by every worker without locks. A lookup costs the same with one tenant or 100,000.
 *
 * <p>Keyed by the bytes a header carries (the id's UTF-8 encoding) and looked up with the
 * decoder's view of the received value: no String per request. With 100,000 tenants the table
 * is not in cache, so every reference a request follows is a likely miss. An entry therefore
 * is its tenant's write target (a {@link RouteTarget} with the same fields) and holds its
 * hash, its length and the first 24 bytes of its key as three longs (ids are rarely longer):
 * a write reads the bucket slot and one object before it reaches its stats. A read target
 * that routes elsewhere is a second object; one that routes the same way is the entry too.
 */
final class TenantTable {
    private static final int INLINE_BYTES = 24;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Entry[] table;
    private final int mask;
    private int size;

    private static final class Entry extends RouteTarget {
        final int hash;
        final int length;
        final long k0;
        final long k1;
        final long k2;
        final byte[] rest; // the key's bytes after the first 24, or null
        final RouteTarget read; // this entry when reads route as writes do
        final Entry next;

        Entry(int hash, byte[] key, RouteTarget read, RouteTarget write, Entry next) {
            super(write);
            this.hash = hash;
            this.length = key.length;
            this.k0 = word(key, 0, key.length);
            this.k1 = word(key, 8, key.length);
            this.k2 = word(key, 16, key.length);
            this.rest = key.length > INLINE_BYTES ? Arrays.copyOfRange(key, INLINE_BYTES, key.length) : null;
            this.read = read == write ? this : read;
            this.next = next;
        }

        /** Whether the key is {@code b[from, from + length)}; the caller has checked the length. */
        boolean matches(byte[] b, int from) {
            int to = from + length;
            return word(b, from, to) == k0
                    && word(b, from + 8, to) == k1
                    && word(b, from + 16, to) == k2
                    && (rest == null || Arrays.equals(rest, 0, rest.length, b, from + INLINE_BYTES, to));
        }
    }

    TenantTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(2, (int) (expected / 0.75f)) * 2 - 1);
        table = new Entry[capacity];
        mask = capacity - 1;
    }

    /**
     * Adds a tenant; {@code byKind} is indexed by {@link RequestKind#ordinal()}. Builder use only.
     * Lookups hand out targets that route as these do, not these objects: the entry is a copy
     * of the write target, and of the read target too when {@code byKind} holds the same one twice.
     */
    void put(String tenant, RouteTarget[] byKind) {
        byte[] key = tenant.getBytes(StandardCharsets.UTF_8);
        int h = hash(key, 0, key.length);
        int i = h & mask;
        for (Entry e = table[i]; e != null; e = e.next) {
            if (e.hash == h && e.length == key.length && e.matches(key, 0)) {
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
        int length = a.length();
        int h = hash(bytes, from, from + length);
        for (Entry e = table[h & mask]; e != null; e = e.next) {
            if (e.hash == h && e.length == length && e.matches(bytes, from)) {
                return kind == RequestKind.READ ? e.read : e;
            }
        }
        return null;
    }

    /**
     * Bytes {@code [at, min(at + 8, to))} of {@code b} as a little-endian long, zero above the
     * end: a full word is one unaligned load, a partial one is put together byte by byte so no
     * read strays past {@code to} (which may be the end of the array).
     */
    private static long word(byte[] b, int at, int to) {
        if (to - at >= 8) {
            return (long) LONG_LE.get(b, at);
        }
        long w = 0;
        for (int i = to - 1; i >= at; i--) {
            w = (w << 8) | (b[i] & 0xFF);
        }
        return w;
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
