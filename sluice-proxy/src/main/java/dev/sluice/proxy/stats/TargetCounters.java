package dev.sluice.proxy.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The request counters one worker writes: for every route target ({@link TargetStats#id()}),
 * requests by status class and body bytes, as eight longs in a row of a plain array. Only the
 * owning worker writes, so an update is a load and a store: no locked instruction, which on a
 * line not in cache would stall the worker until the line arrives (the store alone retires into
 * the store buffer). A scrape sums every worker's copy ({@link ProxyStats#total}); stores and
 * reads are opaque so a scrape never sees half a long.
 *
 * <p>Rows come in pages of 1,024 targets (64 KiB), made when the worker first counts for one of
 * them: a configured tenant that sends nothing costs no counter memory. Ids are never reused,
 * so counts go on across reloads for as long as the process runs.
 */
public final class TargetCounters {
    static final int FIELDS = 8;
    // Field order: the three every successful request touches come first, in one row's first 24 bytes.
    static final int C2XX = 0;
    static final int BYTES_IN = 1;
    static final int BYTES_OUT = 2;
    static final int C4XX = 3;
    static final int C5XX = 4;
    static final int C3XX = 5;
    static final int C1XX = 6;
    static final int RESET = 7;

    private static final int PAGE_SHIFT = 10;
    private static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Replaced, never changed in place, when a page is added: a scrape reads a consistent array. */
    private volatile long[][] pages = new long[0][];

    TargetCounters() {}

    /** Counts one finished request; status 0 means the stream was reset before a status went out. */
    public void record(int id, int status, long requestBodyBytes, long responseBodyBytes) {
        long[] page = page(id);
        int row = (id & PAGE_MASK) * FIELDS;
        add(page, row + classField(status), 1);
        if (requestBodyBytes > 0) {
            add(page, row + BYTES_IN, requestBodyBytes);
        }
        if (responseBodyBytes > 0) {
            add(page, row + BYTES_OUT, responseBodyBytes);
        }
    }

    /** The counter a response with this status counts under. */
    static int classField(int status) {
        return switch (status / 100) {
            case 2 -> C2XX;
            case 4 -> C4XX;
            case 5 -> C5XX;
            case 3 -> C3XX;
            case 1 -> C1XX;
            // A status above 599 counts with the server errors; 0 (no status sent) and 1-99 as resets.
            default -> status >= 600 ? C5XX : RESET;
        };
    }

    /** This worker's count of {@code field} for target {@code id}; any thread. */
    long get(int id, int field) {
        long[][] ps = pages;
        int p = id >>> PAGE_SHIFT;
        if (p >= ps.length || ps[p] == null) {
            return 0;
        }
        return (long) LONGS.getOpaque(ps[p], (id & PAGE_MASK) * FIELDS + field);
    }

    private static void add(long[] page, int i, long n) {
        LONGS.setOpaque(page, i, page[i] + n);
    }

    private long[] page(int id) {
        long[][] ps = pages;
        int p = id >>> PAGE_SHIFT;
        if (p < ps.length) {
            long[] page = ps[p];
            if (page != null) {
                return page;
            }
        }
        return addPage(p);
    }

    private long[] addPage(int p) {
        long[][] grown = Arrays.copyOf(pages, Math.max(pages.length, p + 1));
        long[] page = new long[(PAGE_MASK + 1) * FIELDS];
        grown[p] = page;
        pages = grown;
        return page;
    }
}
