package io.readstates.report.analysis;

import io.readstates.results.CellResult;
import io.readstates.results.GcFigures;
import io.readstates.results.TimeFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Sawtooth detection: does a cell's per-interval worst latency spike periodically, at what period
 * and height, and do the spikes line up with GC cycles more than chance would have them? The case
 * study's Go service spiked every two minutes, when the runtime forced a collection; the Rust
 * rewrite was flat. This reduces a timeline to those findings plus one flatness figure per cell.
 *
 * <p>Method. The series is the log of each interval's max response time (the log keeps one huge
 * outlier from dominating). An interval in which nothing completed lies inside a stall longer than
 * an interval: it is kept, with the previous interval's max plus one interval (the oldest waiting
 * operation has waited that much longer), so lags still map to seconds. The sample
 * autocorrelation r(k) = Σ(xᵢ−x̄)(xᵢ₊ₖ−x̄) ÷ Σ(xᵢ−x̄)² is computed for lags 2 … n/2; the candidate
 * period is the lag of the highest local maximum. It is accepted when r exceeds 0.3 and the
 * white-noise band 2/√n (Box &amp; Jenkins, <i>Time Series Analysis</i>, §2.1.6) <em>and</em> a
 * permutation test says so: the same statistic over {@value #PERMUTATIONS} shuffles of the series
 * (seeded) reaches it with probability below {@value #ALPHA}. Spikes are intervals whose max exceeds
 * the median by more than 4 scaled MADs and by at least 2×; their amplitude is the median spike max
 * minus the median interval max. A <b>sawtooth</b> needs the period, at least {@value #MIN_SPIKES}
 * spike events (consecutive spike intervals are one event), and gaps between them consistent with the period (each within 20 % or one interval of
 * it): two chance spikes never make one. "Lines up with GC" compares the spikes that overlap GC
 * activity with the share of all intervals that do (the chance rate), by a one-sided binomial test
 * at {@value #ALPHA_GC}. GC cycles are bursts of JFR pause/phase events (events less than one
 * interval apart form one burst); the GC period is the median gap between burst starts.
 *
 * <p>A series whose spikes are not all GC's (Go's service spikes at each two-minute cycle and, less
 * regularly, in between) can hide its period from the autocorrelation. The second route,
 * {@link GcLockedSpikes}, takes the period from the GC cycles and asks whether each brings a spike,
 * more than the series would by chance; either route makes a sawtooth, and the verdict says which.
 *
 * @param periodSeconds      detected period, or NaN when the series is not significantly periodic
 * @param autocorrelation    r at that period (or the highest r seen)
 * @param permutationP       share of shuffled series whose best r reached this one's
 * @param spikes             intervals counted as spikes
 * @param spikesOverlappingGc of those, how many overlap a GC pause or concurrent phase
 * @param gcChance           share of all intervals that overlap GC activity: what "on GC" means by chance
 * @param gcP                binomial probability of at least that many spikes on GC by chance
 * @param consistentGaps     whether the gaps between spikes agree with the period
 * @param amplitudeMs        median spike max minus median interval max (0 without spikes)
 * @param gcPeriodSeconds    median gap between GC bursts, or NaN with fewer than two bursts
 * @param flatness           median interval max ÷ worst interval max: 1 is perfectly flat (Rust-like),
 *                           near 0 is dominated by spikes (Go-like); a single figure to rank cells by
 * @param gcLocked           whether each GC cycle brings a spike (the second route to a sawtooth)
 */
public record Sawtooth(String cell, int intervals, double periodSeconds, double autocorrelation, double permutationP, int spikes,
                       int spikesOverlappingGc, double gcChance, double gcP, boolean consistentGaps, double amplitudeMs,
                       double gcPeriodSeconds, double flatness, GcLockedSpikes gcLocked) {

    private static final double MIN_R = 0.3;
    public static final int PERMUTATIONS = 500;
    public static final double ALPHA = 0.01;
    public static final double ALPHA_GC = 0.05;
    public static final int MIN_SPIKES = 3;

    public static Sawtooth of(CellResult r, LatencyTimeline timeline) {
        double width = r.run().intervalSeconds();
        double[] max = series(timeline.points(), width);
        double[] starts = timeline.points().stream().mapToDouble(LatencyTimeline.Point::seconds).toArray();
        return analyse(r.cell().id(), max, starts, width, gcActivity(r.gc()));
    }

    /**
     * Each interval's max in ms, an empty interval carrying the backlog: the previous interval's
     * value plus the interval's width (nothing completed, so the oldest operation waited on).
     */
    public static double[] series(List<LatencyTimeline.Point> points, double widthSeconds) {
        double[] out = new double[points.size()];
        double previous = 0;
        for (int i = 0; i < out.length; i++) {
            LatencyTimeline.Point p = points.get(i);
            out[i] = p.count() > 0 ? p.maxMs() : previous + widthSeconds * 1000;
            previous = out[i];
        }
        return out;
    }

    /** GC pauses and concurrent phases as [start, end] in seconds of the measurement. */
    public static List<double[]> gcActivity(GcFigures gc) {
        List<GcFigures.GcEvent> events = new ArrayList<>();
        if (gc != null) {
            events.addAll(gc.pauses());
            events.addAll(gc.concurrentPhases());
        }
        return spans(events);
    }

    /** Events as [start, end] in seconds, ordered by start. */
    public static List<double[]> spans(List<GcFigures.GcEvent> events) {
        List<double[]> out = new ArrayList<>();
        events.forEach(e -> out.add(new double[] {e.startMs() / 1000, (e.startMs() + e.durationMs()) / 1000}));
        out.sort((a, b) -> Double.compare(a[0], b[0]));
        return out;
    }

    public static Sawtooth analyse(String cell, double[] maxMs, double[] startSeconds, double widthSeconds, List<double[]> gc) {
        int n = maxMs.length;
        if (n == 0) {
            return new Sawtooth(cell, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN, false, 0, gcPeriod(gc, widthSeconds),
                    Double.NaN, GcLockedSpikes.NONE);
        }
        double[] log = Arrays.stream(maxMs).map(v -> Math.log(Math.max(v, 1e-6))).toArray();
        int[] bestLag = new int[1];
        double bestR = bestAutocorrelation(log, bestLag);
        double p = permutationP(log, bestR);
        boolean periodic = bestLag[0] > 0 && bestR > Math.max(MIN_R, 2 / Math.sqrt(n)) && p < ALPHA;
        double median = TailTax.medianOf(maxMs);
        double[] deviations = Arrays.stream(maxMs).map(v -> Math.abs(v - median)).toArray();
        double mad = 1.4826 * TailTax.medianOf(deviations);
        List<Double> spikeMax = new ArrayList<>();
        List<Double> spikeEvents = new ArrayList<>();
        int spikesOnGc = 0;
        int intervalsOnGc = 0;
        boolean[] spikeAt = new boolean[n];
        boolean previousSpike = false;
        for (int i = 0; i < n; i++) {
            double from = startSeconds[i];
            double to = from + widthSeconds;
            boolean onGc = gc.stream().anyMatch(a -> a[0] < to && a[1] > from);
            intervalsOnGc += onGc ? 1 : 0;
            boolean spike = maxMs[i] > median + 4 * mad && maxMs[i] >= 2 * median;
            spikeAt[i] = spike;
            if (spike) {
                spikeMax.add(maxMs[i]);
                spikesOnGc += onGc ? 1 : 0;
                if (!previousSpike) {
                    spikeEvents.add(from);
                }
            }
            previousSpike = spike;
        }
        double chance = (double) intervalsOnGc / n;
        double gcP = binomialUpperTail(spikeMax.size(), spikesOnGc, chance);
        double period = bestLag[0] * widthSeconds;
        boolean consistent = periodic && consistentGaps(spikeEvents, period, widthSeconds);
        double amplitude = spikeMax.isEmpty() ? 0 : TailTax.medianOf(spikeMax.stream().mapToDouble(Double::doubleValue).toArray()) - median;
        double worst = Arrays.stream(maxMs).max().orElse(0);
        return new Sawtooth(cell, n, periodic ? period : Double.NaN, bestR, p, spikeMax.size(), spikesOnGc, chance, gcP, consistent, amplitude,
                gcPeriod(gc, widthSeconds), worst > 0 ? median / worst : 1, GcLockedSpikes.of(log, spikeAt, startSeconds[0], widthSeconds, gc));
    }

    /** The highest local maximum of the autocorrelation over lags 2 … n/2; its lag goes into {@code lag[0]} (−1 if none). */
    private static double bestAutocorrelation(double[] x, int[] lag) {
        int n = x.length;
        double[] acf = autocorrelation(x, n / 2 + 1);
        double best = Double.NaN;
        lag[0] = -1;
        for (int k = 2; k <= n / 2; k++) {
            boolean localMax = acf[k] >= acf[k - 1] && (k + 1 >= acf.length || acf[k] >= acf[k + 1]);
            if (localMax && (Double.isNaN(best) || acf[k] > best)) {
                best = acf[k];
                lag[0] = k;
            }
        }
        return best;
    }

    /** Share of seeded shuffles of the series whose best autocorrelation reaches {@code observed} (with the +1 correction). */
    public static double permutationP(double[] x, double observed) {
        if (Double.isNaN(observed)) {
            return 1;
        }
        Random random = new Random(0x5a_77_00_7bL);
        double[] shuffled = x.clone();
        int[] lag = new int[1];
        int reached = 0;
        // each shuffle costs O(n²); long series get fewer (at least 100, still resolving p < 0.01)
        int permutations = (int) Math.max(100, Math.min(PERMUTATIONS, 4e8 / ((double) x.length * x.length)));
        for (int b = 0; b < permutations; b++) {
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            double r = bestAutocorrelation(shuffled, lag);
            if (!Double.isNaN(r) && r >= observed) {
                reached++;
            }
        }
        return (reached + 1.0) / (permutations + 1.0);
    }

    /**
     * Whether there are at least {@value #MIN_SPIKES} spike events (consecutive spike intervals — one
     * stall — are one event) and every gap between them is a whole number of periods, each within
     * 20 % (or one interval) of it.
     */
    public static boolean consistentGaps(List<Double> spikeStarts, double period, double widthSeconds) {
        if (spikeStarts.size() < MIN_SPIKES) {
            return false;
        }
        double tolerance = Math.max(0.2 * period, widthSeconds);
        for (int i = 1; i < spikeStarts.size(); i++) {
            double gap = spikeStarts.get(i) - spikeStarts.get(i - 1);
            long periods = Math.max(1, Math.round(gap / period));
            if (Math.abs(gap - periods * period) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** P(X ≥ k) for X ~ Binomial(n, p). */
    public static double binomialUpperTail(int n, int k, double p) {
        if (k <= 0) {
            return 1;
        }
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        double tail = 0;
        for (int i = k; i <= n; i++) {
            tail += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log(1 - p));
        }
        return Math.min(1, tail);
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }

    /** Sample autocorrelation for lags 0 … maxLag − 1 (0 where the series is constant). */
    public static double[] autocorrelation(double[] x, int maxLag) {
        double mean = Arrays.stream(x).average().orElse(0);
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double[] r = new double[Math.max(maxLag, 1)];
        for (int k = 0; k < r.length; k++) {
            double s = 0;
            for (int i = 0; i + k < x.length; i++) {
                s += (x[i] - mean) * (x[i + k] - mean);
            }
            r[k] = var == 0 ? 0 : s / var;
        }
        return r;
    }

    private static double gcPeriod(List<double[]> gc, double widthSeconds) {
        List<double[]> cycles = GcLockedSpikes.cycles(gc, widthSeconds);
        if (cycles.size() < 2) {
            return Double.NaN;
        }
        double[] gaps = new double[cycles.size() - 1];
        for (int i = 1; i < cycles.size(); i++) {
            gaps[i - 1] = cycles.get(i)[0] - cycles.get(i - 1)[0];
        }
        return TailTax.medianOf(gaps);
    }

    public boolean periodic() {
        return !Double.isNaN(periodSeconds);
    }

    /** Whether the spikes overlap GC activity significantly more often than intervals do by chance. */
    public boolean linedUpWithGc() {
        return spikes > 0 && spikesOverlappingGc > spikes * gcChance && gcP < ALPHA_GC;
    }

    /**
     * One line a reader can act on: flat, a sawtooth (a significantly periodic series with at least
     * three spikes at gaps that agree with the period, or a spike at each of at least three regular
     * GC cycles beyond chance), or spikes that are not periodic.
     */
    public String verdict() {
        if (intervals == 0) {
            return "no intervals";
        }
        if (spikes == 0) {
            return "flat (Rust-like)";
        }
        String gc = linedUpWithGc() ? "; spikes line up with GC (more than chance)" : "; spikes not tied to GC beyond chance";
        if (periodic() && consistentGaps) {
            return String.format(Locale.ROOT, "sawtooth (Go-like): every %.0f s%s", periodSeconds, gc);
        }
        if (gcLocked.sawtooth()) {
            return String.format(Locale.ROOT, "sawtooth (Go-like): a spike at each of %d GC cycles, every %.0f s (circular-shift p %.3f)",
                    gcLocked.cycles(), gcLocked.periodSeconds(), gcLocked.shiftP());
        }
        return spikes + " spike(s), not periodic" + gc;
    }

    public static final List<String> HEADERS = List.of("cell", "intervals", "period s", "autocorrelation (permutation p)", "spikes (on GC; chance)",
            "amplitude", "GC period s", "flatness", "verdict");

    public List<String> row() {
        String period = periodic() ? fmt(periodSeconds) : gcLocked.sawtooth() ? fmt(gcLocked.periodSeconds()) + " (GC cycles)" : "—";
        return List.of(cell, Integer.toString(intervals), period,
                fmt(autocorrelation) + " (p " + fmt3(permutationP) + ")",
                spikes + " (" + spikesOverlappingGc + "; " + (Double.isNaN(gcChance) ? "—" : String.format(Locale.ROOT, "%.0f %%", gcChance * 100)) + ")",
                TimeFormat.ofMillis(amplitudeMs), fmt(gcPeriodSeconds), fmt(flatness), verdict());
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmt3(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
    }
}
