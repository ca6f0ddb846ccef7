package io.readstates.report.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Does every GC cycle bring a latency spike? The second way {@link Sawtooth} finds a sawtooth, for
 * series whose spikes are not all GC's: Go's service spikes at each two-minute forced cycle, but its
 * flusher and the shared cores also spike in between, and with three cycles in a seven-minute log
 * those extra spikes keep the autocorrelation at 120 s from standing out. Here the period comes
 * from the GC cycles themselves (their telemetry, not the latency), and the latency only has to
 * answer whether the cycles' intervals are where it is worst.
 *
 * <p>Method. GC activity is merged into cycles (events less than one interval apart are one cycle);
 * a cycle's window is the intervals from its start to one interval past its end (an operation
 * delayed by the cycle completes, and is recorded, after it). The cycles must be at least
 * {@value Sawtooth#MIN_SPIKES}, lie inside the log, recur at gaps each within 20 % (or one interval)
 * of their median, and each window must hold a spike interval. The statistic is the mean, over the
 * cycles, of the mean log interval max in each window — a cycle's cost lasts the cycle (Go's mark
 * slows every operation for its 4–6 s at 10M states), so the whole window is the evidence, not its
 * one worst interval. Its null distribution is that of the same windows shifted together,
 * circularly, by every whole number of intervals that moves each window off itself — a circular-shift (rotation) permutation test, which keeps the series' own
 * autocorrelation and the cycles' spacing and asks only whether their phase matters. p counts the
 * shifts that reach the observed statistic, with the +1 correction; it is only tested when there
 * are enough shifts to reach {@link Sawtooth#ALPHA}.
 *
 * @param cycles        GC cycles whose window lies inside the log
 * @param periodSeconds median gap between their starts, NaN with fewer than two
 * @param regular       every gap within 20 % (or one interval) of the median
 * @param withSpike     cycles whose window holds a spike interval
 * @param shiftP        circular-shift p of the windows' height, NaN when not tested
 */
public record GcLockedSpikes(int cycles, double periodSeconds, boolean regular, int withSpike, double shiftP) {

    static final GcLockedSpikes NONE = new GcLockedSpikes(0, Double.NaN, false, 0, Double.NaN);

    /** Whether every one of at least three regular GC cycles brings a spike, more than the series would by chance. */
    public boolean sawtooth() {
        return cycles >= Sawtooth.MIN_SPIKES && regular && withSpike == cycles && shiftP < Sawtooth.ALPHA;
    }

    /**
     * @param logMax    log of each interval's max (as {@link Sawtooth} builds it)
     * @param spike     whether each interval is a spike
     * @param firstStart start of the first interval, seconds
     * @param width     interval width, seconds
     * @param gc        GC activity as [start, end] seconds, ordered by start
     */
    static GcLockedSpikes of(double[] logMax, boolean[] spike, double firstStart, double width, List<double[]> gc) {
        int n = logMax.length;
        List<int[]> windows = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        for (double[] cycle : cycles(gc, width)) {
            int from = (int) Math.floor((cycle[0] - firstStart) / width);
            int to = (int) Math.floor((cycle[1] - firstStart) / width) + 1;
            if (from >= 0 && to < n) {
                windows.add(new int[] {from, to});
                starts.add(cycle[0]);
            }
        }
        if (windows.isEmpty()) {
            return NONE;
        }
        int withSpike = 0;
        for (int[] w : windows) {
            boolean any = false;
            for (int i = w[0]; i <= w[1]; i++) {
                any |= spike[i];
            }
            withSpike += any ? 1 : 0;
        }
        double period = Double.NaN;
        boolean regular = false;
        if (starts.size() >= 2) {
            double[] gaps = new double[starts.size() - 1];
            for (int i = 1; i < starts.size(); i++) {
                gaps[i - 1] = starts.get(i) - starts.get(i - 1);
            }
            period = TailTax.medianOf(gaps);
            double tolerance = Math.max(0.2 * period, width);
            double median = period;
            regular = Arrays.stream(gaps).allMatch(g -> Math.abs(g - median) <= tolerance);
        }
        return new GcLockedSpikes(windows.size(), period, regular, withSpike, shiftP(logMax, windows));
    }

    /** GC events merged into cycles: an event starting within one interval of the cycle's end extends it. */
    static List<double[]> cycles(List<double[]> gc, double width) {
        List<double[]> out = new ArrayList<>();
        for (double[] a : gc) {
            double[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && a[0] - last[1] <= width) {
                last[1] = Math.max(last[1], a[1]);
            } else {
                out.add(new double[] {a[0], a[1]});
            }
        }
        return out;
    }

    /**
     * Share of the eligible circular shifts (each moving every window entirely off itself) whose
     * statistic reaches the unshifted one, with the +1 correction; NaN when too few shifts exist to
     * resolve {@link Sawtooth#ALPHA}.
     */
    static double shiftP(double[] logMax, List<int[]> windows) {
        int n = logMax.length;
        int longest = windows.stream().mapToInt(w -> w[1] - w[0] + 1).max().orElse(0);
        int eligible = n - 2 * longest + 1;
        if (eligible < 1 / Sawtooth.ALPHA) {
            return Double.NaN;
        }
        double observed = statistic(logMax, windows, 0);
        int reached = 0;
        for (int shift = longest; shift <= n - longest; shift++) {
            reached += statistic(logMax, windows, shift) >= observed ? 1 : 0;
        }
        return (reached + 1.0) / (eligible + 1.0);
    }

    private static double statistic(double[] logMax, List<int[]> windows, int shift) {
        int n = logMax.length;
        double sum = 0;
        for (int[] w : windows) {
            double window = 0;
            for (int i = w[0]; i <= w[1]; i++) {
                window += logMax[(i + shift) % n];
            }
            sum += window / (w[1] - w[0] + 1);
        }
        return sum / windows.size();
    }
}
