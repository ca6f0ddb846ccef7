package io.readstates.harness.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every recorded cause of delay as intervals on one clock (nanoseconds from the window's start):
 * GC pauses and safepoints from JFR, stalls from the hiccup controls, the store's background work,
 * backing-store loads per worker. {@link #cover} answers, for one operation's time, how much of it
 * each cause covered — each instant given to the cause of highest precedence ({@link Cause} order)
 * that covers it, so that overlapping causes never count the same time twice.
 *
 * <p>A cause recorded for one worker (its own backing-store load) covers only that worker's
 * operations; one recorded for {@link #ANY_WORKER} covers every operation. Intervals of one cause
 * and worker are merged when they overlap, then searched by bisection: an operation costs
 * O(log n + k) for the k intervals it overlaps.
 */
public final class CauseTimeline {
    public static final int ANY_WORKER = -1;

    private final Map<Long, List<long[]>> open = new HashMap<>();
    private final Map<Long, long[][]> frozen = new HashMap<>();

    private static long key(Cause c, int worker) {
        return ((long) c.ordinal() << 32) | (worker & 0xffffffffL);
    }

    /** Records that {@code cause} covered [{@code startNanos}, {@code endNanos}) for {@code worker} (or {@link #ANY_WORKER}). */
    public CauseTimeline add(Cause cause, int worker, long startNanos, long endNanos) {
        if (cause == Cause.QUEUEING || cause == Cause.UNEXPLAINED) {
            throw new IllegalArgumentException(cause.cliName() + " is derived, never recorded");
        }
        if (!frozen.isEmpty()) {
            throw new IllegalStateException("the timeline was already searched; add every interval first");
        }
        if (endNanos > startNanos) {
            open.computeIfAbsent(key(cause, worker), k -> new ArrayList<>()).add(new long[] {startNanos, endNanos});
        }
        return this;
    }

    private long[][] intervals(Cause cause, int worker) {
        if (frozen.isEmpty() && !open.isEmpty()) {
            open.forEach((k, list) -> frozen.put(k, merged(list)));
        }
        return frozen.get(key(cause, worker));
    }

    /** Sorted by start, overlapping ones joined: {starts, ends}. */
    private static long[][] merged(List<long[]> list) {
        list.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] starts = new long[list.size()];
        long[] ends = new long[list.size()];
        int n = 0;
        for (long[] iv : list) {
            if (n > 0 && iv[0] <= ends[n - 1]) {
                ends[n - 1] = Math.max(ends[n - 1], iv[1]);
            } else {
                starts[n] = iv[0];
                ends[n] = iv[1];
                n++;
            }
        }
        return new long[][] {Arrays.copyOf(starts, n), Arrays.copyOf(ends, n)};
    }

    /**
     * Splits [{@code from}, {@code to}) of an operation on {@code worker} over the causes: adds to
     * {@code out[cause.ordinal()]} the nanoseconds each cause covered (highest precedence first) and
     * returns the total covered. {@code out} must have one slot per {@link Cause}.
     */
    public long cover(int worker, long from, long to, long[] out) {
        List<long[]> hits = new ArrayList<>();
        for (Cause c : Cause.values()) {
            collect(c, ANY_WORKER, from, to, hits);
            if (worker != ANY_WORKER) {
                collect(c, worker, from, to, hits);
            }
        }
        if (hits.isEmpty()) {
            return 0;
        }
        long[] bounds = new long[hits.size() * 2];
        int b = 0;
        for (long[] h : hits) {
            bounds[b++] = h[0];
            bounds[b++] = h[1];
        }
        Arrays.sort(bounds);
        long covered = 0;
        for (int i = 0; i + 1 < bounds.length; i++) {
            long lo = bounds[i];
            long hi = bounds[i + 1];
            if (hi <= lo) {
                continue;
            }
            int best = Integer.MAX_VALUE;
            for (long[] h : hits) {
                if (h[0] <= lo && h[1] >= hi) {
                    best = Math.min(best, (int) h[2]);
                }
            }
            if (best != Integer.MAX_VALUE) {
                out[best] += hi - lo;
                covered += hi - lo;
            }
        }
        return covered;
    }

    /** Adds {start, end, ordinal} of every interval of (cause, worker) overlapping [from, to), clipped to it. */
    private void collect(Cause c, int worker, long from, long to, List<long[]> into) {
        long[][] iv = intervals(c, worker);
        if (iv == null) {
            return;
        }
        long[] starts = iv[0];
        long[] ends = iv[1];
        int i = firstEndingAfter(ends, from);
        for (; i < starts.length && starts[i] < to; i++) {
            into.add(new long[] {Math.max(from, starts[i]), Math.min(to, ends[i]), c.ordinal()});
        }
    }

    /** The first index whose end is after {@code t} (ends are sorted, as merged intervals do not overlap). */
    private static int firstEndingAfter(long[] ends, long t) {
        int lo = 0;
        int hi = ends.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
