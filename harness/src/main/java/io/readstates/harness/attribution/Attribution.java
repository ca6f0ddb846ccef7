package io.readstates.harness.attribution;


import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Says what each slow operation waited for (docs/slow-operations.md). An operation's time runs from
 * its intended start I through its actual start S to its end E. Every instant of [I, E) that a
 * recorded cause covers goes to the cause of highest precedence covering it ({@link CauseTimeline}).
 * Of the late start [I, S), what no cause covers while the same worker was still busy with an
 * earlier slow operation goes to that operation's own main cause — a queue behind a GC pause is the
 * pause's doing, as wrk2-style users read it — or to {@link Cause#QUEUEING} when that operation had
 * none. Of the rest, the operation's normal service time (its type's median) is expected; anything
 * beyond it is {@link Cause#UNEXPLAINED}. The main cause of an operation is the one with the most
 * time (ties: precedence).
 */
public final class Attribution {
    private static final Cause[] CAUSES = Cause.values();

    private Attribution() {
    }

    /**
     * One operation's split.
     *
     * @param index        its position in the {@link SlowOps}
     * @param main         the cause with the most of its time
     * @param nanosByCause its time per cause (indexed by {@link Cause#ordinal()})
     */
    public record Attributed(int index, Cause main, long[] nanosByCause) {
        public long nanos(Cause c) {
            return nanosByCause[c.ordinal()];
        }
    }

    /**
     * @param normalServiceNanos the normal service time per operation type ordinal (e.g. the window's median), expected of every operation
     */
    public static List<Attributed> attribute(SlowOps ops, CauseTimeline timeline, long[] normalServiceNanos) {
        List<Integer> order = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(ops::worker).thenComparingLong(ops::intended));
        Attributed[] out = new Attributed[ops.size()];
        int prevWorker = Integer.MIN_VALUE;
        long prevEnd = Long.MIN_VALUE;
        Cause prevMain = null;
        for (int i : order) {
            int worker = ops.worker(i);
            if (worker != prevWorker) {
                prevWorker = worker;
                prevEnd = Long.MIN_VALUE;
                prevMain = null;
            }
            long intended = ops.intended(i);
            long start = ops.started(i);
            long end = ops.ended(i);
            long[] byCause = new long[CAUSES.length];
            long assigned = timeline.cover(worker, intended, end, byCause);
            if (prevMain != null && prevEnd > intended && start > intended) {
                long queuedUntil = Math.min(start, prevEnd);
                long directlyCovered = timeline.cover(worker, intended, queuedUntil, new long[CAUSES.length]);
                long queued = (queuedUntil - intended) - directlyCovered;
                if (queued > 0) {
                    Cause behind = prevMain == Cause.UNEXPLAINED ? Cause.QUEUEING : prevMain;
                    byCause[behind.ordinal()] += queued;
                    assigned += queued;
                }
            }
            int type = ops.type(i);
            long normal = type < normalServiceNanos.length ? normalServiceNanos[type] : 0;
            long rest = (end - intended) - assigned - normal;
            if (rest > 0) {
                byCause[Cause.UNEXPLAINED.ordinal()] += rest;
            }
            Cause main = mainCause(byCause);
            out[i] = new Attributed(i, main, byCause);
            prevEnd = end;
            prevMain = main;
        }
        return List.of(out);
    }

    private static Cause mainCause(long[] byCause) {
        int best = Cause.UNEXPLAINED.ordinal();
        long most = 0;
        for (int c = 0; c < byCause.length; c++) {
            if (byCause[c] > most) {
                most = byCause[c];
                best = c;
            }
        }
        return CAUSES[best];
    }

    /**
     * The breakdown of a set of attributed operations: per main cause, how many operations, and
     * per cause, how much of their time.
     *
     * @param operations operations counted
     * @param byMainCause operations per main cause
     * @param nanosByCause their time per cause
     */
    public record Breakdown(long operations, Map<Cause, Long> byMainCause, Map<Cause, Long> nanosByCause) {
        /** Share of the operations whose main cause is the collector's (a pause, an allocation stall, concurrent GC). */
        public double collectorShare() {
            if (operations == 0) {
                return 0;
            }
            long gc = byMainCause.entrySet().stream().filter(e -> e.getKey().isCollector()).mapToLong(Map.Entry::getValue).sum();
            return (double) gc / operations;
        }
    }

    /** The breakdown of the operations whose response time is at least {@code minResponseNanos}. */
    public static Breakdown breakdown(SlowOps ops, List<Attributed> attributed, long minResponseNanos) {
        Map<Cause, Long> byMain = new EnumMap<>(Cause.class);
        Map<Cause, Long> byTime = new EnumMap<>(Cause.class);
        long n = 0;
        for (Attributed a : attributed) {
            int i = a.index();
            if (ops.ended(i) - ops.intended(i) < minResponseNanos) {
                continue;
            }
            n++;
            byMain.merge(a.main(), 1L, Long::sum);
            for (Cause c : CAUSES) {
                if (a.nanos(c) > 0) {
                    byTime.merge(c, a.nanos(c), Long::sum);
                }
            }
        }
        return new Breakdown(n, byMain, byTime);
    }
}
