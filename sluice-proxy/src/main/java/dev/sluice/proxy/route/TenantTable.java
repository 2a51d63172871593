package dev.sluice.proxy.route;

import dev.sluice.config.model.RequestKind;
import io.netty.util.AsciiString;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenant id to its read and write targets and stats: an open-addressing hash table in one flat
 * array, built once per config snapshot and read by every worker without locks. A lookup costs
 * the same with one tenant or 100,000.
 *
 * <p>With 100,000 tenants the table is not in cache, so what a lookup touches is what it costs.
 * Each tenant is one slot of six longs: its hash and length, the first 24 bytes of its id (ids
 * are rarely longer; the rest sits in a side array), the index of its read and write targets,
 * and the id of its read and write stats. A lookup reads that slot (probing on to the next
 * slots, which are adjacent in memory) and the target, which tenants routed the same way share
 * and so is in cache. Keyed by the bytes a header carries (the id's UTF-8 encoding) and looked
 * up with the decoder's view of the received value: no String per request.
 */
final class TenantTable {
    static final int NOT_FOUND = -1;

    private static final int INLINE_BYTES = 24;
    private static final int WORDS = 6;
    private static final int HEAD = 0; // hash << 32 | length; 0 marks an empty slot
    private static final int KEY = 1; // three words: the id's first 24 bytes, little-endian
    private static final int TARGETS = 4; // write target index << 32 | read target index
    private static final int STATS = 5; // write stats id << 32 | read stats id
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        if (RequestKind.values().length != 2) {
            throw new ExceptionInInitializerError("a slot packs two kinds per word");
        }
    }

    private final long[] slots;
    private final int mask;
    private final RouteTarget[] targets;
    private final byte[][] rest; // by slot: the id's bytes after the first 24; null if no id is longer
    private final int size;

    private TenantTable(Builder b) {
        int n = b.keys.size();
        // At most half full: a miss ends at an empty slot within a probe or two.
        int capacity = Integer.highestOneBit(Math.max(2, n) * 4 - 1);
        this.slots = new long[capacity * WORDS];
        this.mask = capacity - 1;
        this.targets = b.targets.toArray(new RouteTarget[0]);
        this.size = n;
        byte[][] longer = null;
        for (int t = 0; t < n; t++) {
            byte[] key = b.keys.get(t);
            int h = hash(key, 0, key.length);
            long head = head(h, key.length);
            int i = h & mask;
            while (slots[i * WORDS + HEAD] != 0) {
                if (slots[i * WORDS + HEAD] == head
                        && matches(slots, i * WORDS, longer == null ? null : longer[i], key, 0, key.length)) {
                    throw new IllegalArgumentException("duplicate tenant " + new String(key, StandardCharsets.UTF_8));
                }
                i = (i + 1) & mask;
            }
            int at = i * WORDS;
            slots[at + HEAD] = head;
            slots[at + KEY] = word(key, 0, key.length);
            slots[at + KEY + 1] = word(key, 8, key.length);
            slots[at + KEY + 2] = word(key, 16, key.length);
            slots[at + TARGETS] = b.targetPairs.get(t);
            slots[at + STATS] = b.statsPairs.get(t);
            if (key.length > INLINE_BYTES) {
                if (longer == null) {
                    longer = new byte[capacity][];
                }
                longer[i] = Arrays.copyOfRange(key, INLINE_BYTES, key.length);
            }
        }
        this.rest = longer;
    }

    int size() {
        return size;
    }

    /**
     * The slot of this tenant, or {@link #NOT_FOUND}. {@code tenant} is a header value: an
     * AsciiString of the received bytes, or a String whose chars are those bytes (how Netty's
     * HTTP/2 side reads them).
     */
    int find(CharSequence tenant) {
        AsciiString a = tenant instanceof AsciiString s ? s : new AsciiString(tenant);
        int length = a.length();
        if (length == 0) {
            return NOT_FOUND;
        }
        byte[] bytes = a.array();
        int from = a.arrayOffset();
        int h = hash(bytes, from, from + length);
        long head = head(h, length);
        long[] s = slots;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long w = s[i * WORDS + HEAD];
            if (w == head && matches(s, i * WORDS, rest == null ? null : rest[i], bytes, from, length)) {
                return i;
            }
            if (w == 0) {
                return NOT_FOUND;
            }
        }
    }

    /** The target of the tenant in {@code slot} for requests of this kind. */
    RouteTarget target(int slot, RequestKind kind) {
        return targets[half(slots[slot * WORDS + TARGETS], kind)];
    }

    /** The stats id of the tenant in {@code slot} for this kind ({@link RouteTarget#STATS_PER_TENANT} for a split). */
    int statsId(int slot, RequestKind kind) {
        return half(slots[slot * WORDS + STATS], kind);
    }

    private static int half(long pair, RequestKind kind) {
        return (int) (pair >>> (kind.ordinal() * 32));
    }

    private static long pair(int read, int write) {
        return (long) write << 32 | (read & 0xFFFFFFFFL);
    }

    private static long head(int hash, int length) {
        return (long) hash << 32 | length;
    }

    /** Whether the slot at {@code at} holds {@code b[from, from + length)}; its head has matched. */
    private static boolean matches(long[] s, int at, byte[] rest, byte[] b, int from, int length) {
        int to = from + length;
        return word(b, from, to) == s[at + KEY]
                && word(b, from + 8, to) == s[at + KEY + 1]
                && word(b, from + 16, to) == s[at + KEY + 2]
                && (length <= INLINE_BYTES || Arrays.equals(rest, 0, rest.length, b, from + INLINE_BYTES, to));
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

    /** Collects tenants, then lays the table out at its final size. */
    static final class Builder {
        private final List<byte[]> keys = new ArrayList<>();
        private final List<Long> targetPairs = new ArrayList<>();
        private final List<Long> statsPairs = new ArrayList<>();
        private final List<RouteTarget> targets = new ArrayList<>();
        private final Map<RouteTarget, Integer> targetIndex = new IdentityHashMap<>();

        /**
         * Adds a tenant; both arrays are indexed by {@link RequestKind#ordinal()}. A stats id is
         * {@link RouteTarget#STATS_PER_TENANT} where the target is a split (its choices have theirs).
         */
        Builder put(String tenant, RouteTarget[] byKind, int[] statsByKind) {
            int read = RequestKind.READ.ordinal();
            int write = RequestKind.WRITE.ordinal();
            if (tenant.isEmpty()) {
                throw new IllegalArgumentException("empty tenant id"); // an empty header is a missing tenant
            }
            keys.add(tenant.getBytes(StandardCharsets.UTF_8));
            targetPairs.add(pair(index(byKind[read]), index(byKind[write])));
            statsPairs.add(pair(statsByKind[read], statsByKind[write]));
            return this;
        }

        private int index(RouteTarget t) {
            return targetIndex.computeIfAbsent(t, k -> {
                targets.add(k);
                return targets.size() - 1;
            });
        }

        /** The table; throws IllegalArgumentException if a tenant id was put twice. */
        TenantTable build() {
            return new TenantTable(this);
        }
    }
}
