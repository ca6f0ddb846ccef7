package io.readstates.report.analysis;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Confidence intervals for comparisons of tail latency, by a two-level bootstrap: the repeats of a
 * cell are resampled with replacement, and within each chosen repeat its one-second intervals are
 * resampled with replacement as blocks (a block bootstrap: a whole interval's operations stay
 * together, so their correlation within a stall is kept). Each resample's figure is the percentile
 * over the chosen intervals' merged histograms; the 95 % interval is the 2.5th–97.5th percentile of
 * {@value #RESAMPLES} resampled statistics (the percentile method; Efron and Tibshirani, <i>An
 * Introduction to the Bootstrap</i>, ch. 13; Künsch 1989 for blocks). The generator is seeded, so a
 * report renders the same intervals every time.
 *
 * <p>Implementation note: merging HdrHistograms thousands of times would be slow, so every interval
 * is first reduced to its non-empty buckets on a grid shared by all histograms of the comparison
 * (the distinct bucket values); a resample then adds its intervals' counts into one scratch array
 * and scans it once for the percentile, as {@link Histogram#getValueAtPercentile} would. A tail
 * percentile only needs the buckets near the top, so each interval also keeps one lump count for
 * everything below a cut (the pooled 99th percentile for p99.9 and the max, 9 × the tail share below
 * the percentile in general); a resample adds the lumps and the buckets above the cut, and only when
 * its percentile falls below the cut does it add every bucket. The answer is exactly the full
 * scan's: the draws are the same and the lumps only stand in for buckets the scan passes over. At
 * seven-minute windows this made a case-study report's comparisons several times faster.
 *
 * <p>What it does not capture: a difference between machines or days (run both sides in one run,
 * interleaved), and, with one repeat, variation between JVM launches (use ≥ 5 repeats).
 */
public final class Bootstrap {
    public static final int RESAMPLES = 2000;
    private static final long SEED = 0x5eed_7a11L;

    private Bootstrap() {
    }

    /** A point estimate with its 95 % confidence interval. */
    public record Estimate(double value, double low, double high) {
        public boolean above(double threshold) {
            return low > threshold;
        }

        public boolean below(double threshold) {
            return high < threshold;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f [%.2f–%.2f]", value, low, high);
        }
    }

    /** Ratio (a ÷ b) and difference (a − b, ms) of a percentile between two sides. */
    public record Comparison(Estimate ratio, Estimate differenceMs) {
    }

    /**
     * Paired: side A's repeat i against side B's repeat i (the tail tax: a collector against Epsilon in
     * the same round). The statistic is the median over pairs of the per-pair ratio (and difference)
     * of the percentile; pairs are resampled together.
     *
     * @param a          per repeat, the cell's interval histograms (response time, ns)
     * @param b          the same for the other side, in the same repeat order
     * @param percentile 0–100; 100 is the max
     */
    public static Comparison paired(List<List<Histogram>> a, List<List<Histogram>> b, double percentile) {
        if (a.size() != b.size() || a.isEmpty()) {
            throw new IllegalArgumentException("paired bootstrap needs the same number (> 0) of repeats on both sides, got " + a.size() + " and " + b.size());
        }
        Grid grid = Grid.of(percentile, a, b);
        List<Encoded> ea = a.stream().map(grid::encode).toList();
        List<Encoded> eb = b.stream().map(grid::encode).toList();
        int m = a.size();
        double[] ratios = new double[m];
        double[] diffs = new double[m];
        long[] scratch = new long[grid.values.length];
        for (int i = 0; i < m; i++) {
            double va = ea.get(i).percentile(null, percentile, scratch, grid);
            double vb = eb.get(i).percentile(null, percentile, scratch, grid);
            ratios[i] = va / vb;
            diffs[i] = (va - vb) / 1e6;
        }
        double ratio = TailTax.medianOf(ratios);
        double diff = TailTax.medianOf(diffs);
        SplittableRandom random = new SplittableRandom(SEED);
        double[] bootRatio = new double[RESAMPLES];
        double[] bootDiff = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < m; i++) {
                int pick = random.nextInt(m);
                double va = ea.get(pick).percentile(random, percentile, scratch, grid);
                double vb = eb.get(pick).percentile(random, percentile, scratch, grid);
                ratios[i] = va / vb;
                diffs[i] = (va - vb) / 1e6;
            }
            bootRatio[r] = TailTax.medianOf(ratios);
            bootDiff[r] = TailTax.medianOf(diffs);
        }
        return new Comparison(interval(ratio, bootRatio), interval(diff, bootDiff));
    }

    /**
     * Unpaired: side A's repeats against side B's (a candidate run against a baseline run). The
     * statistic is the median over A's repeats of the percentile divided by (minus) the same for B;
     * each side's repeats are resampled independently.
     */
    public static Comparison unpaired(List<List<Histogram>> a, List<List<Histogram>> b, double percentile) {
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one repeat on each side");
        }
        Grid grid = Grid.of(percentile, a, b);
        List<Encoded> ea = a.stream().map(grid::encode).toList();
        List<Encoded> eb = b.stream().map(grid::encode).toList();
        long[] scratch = new long[grid.values.length];
        double va = medianPercentile(ea, null, percentile, scratch, grid);
        double vb = medianPercentile(eb, null, percentile, scratch, grid);
        SplittableRandom random = new SplittableRandom(SEED);
        double[] bootRatio = new double[RESAMPLES];
        double[] bootDiff = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double ra = medianPercentile(ea, random, percentile, scratch, grid);
            double rb = medianPercentile(eb, random, percentile, scratch, grid);
            bootRatio[r] = ra / rb;
            bootDiff[r] = (ra - rb) / 1e6;
        }
        return new Comparison(interval(va / vb, bootRatio), interval((va - vb) / 1e6, bootDiff));
    }

    private static double medianPercentile(List<Encoded> repeats, SplittableRandom random, double percentile, long[] scratch, Grid grid) {
        double[] v = new double[repeats.size()];
        for (int i = 0; i < v.length; i++) {
            Encoded e = random == null ? repeats.get(i) : repeats.get(random.nextInt(repeats.size()));
            v[i] = e.percentile(random, percentile, scratch, grid);
        }
        return TailTax.medianOf(v);
    }

    private static Estimate interval(double point, double[] resampled) {
        double[] sorted = Arrays.stream(resampled).filter(Double::isFinite).sorted().toArray();
        if (sorted.length == 0) {
            return new Estimate(point, Double.NaN, Double.NaN);
        }
        return new Estimate(point, quantile(sorted, 0.025), quantile(sorted, 0.975));
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The percentile of {@code intervals} merged, each counted {@code weights[i]} times: what one
     * resample computes, exposed so that tests can hold the tail path to a plain merge.
     */
    static double percentileOf(List<Histogram> intervals, int[] weights, double percentile) {
        Grid grid = Grid.of(percentile, List.of(intervals));
        return grid.encode(intervals).weighted(weights, percentile, new long[grid.values.length], grid);
    }

    /**
     * The distinct bucket values (each bucket's highest equivalent value) of every histogram of a
     * comparison, and the cut below which an interval's buckets are kept as one lump.
     */
    private static final class Grid {
        final long[] values;
        final int cut;

        private Grid(long[] values, int cut) {
            this.values = values;
            this.cut = cut;
        }

        @SafeVarargs
        static Grid of(double percentile, List<List<Histogram>>... sides) {
            TreeMap<Long, Long> pooled = new TreeMap<>();
            long total = 0;
            for (List<List<Histogram>> side : sides) {
                for (List<Histogram> repeat : side) {
                    for (Histogram h : repeat) {
                        for (HistogramIterationValue v : h.recordedValues()) {
                            pooled.merge(h.highestEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo(), Long::sum);
                            total += v.getCountAtValueIteratedTo();
                        }
                    }
                }
            }
            long[] values = pooled.keySet().stream().mapToLong(Long::longValue).toArray();
            double tail = 1 - percentile / 100;
            double cutShare = Math.max(0, Math.min(0.99, percentile / 100 - 9 * tail));
            int cut = 0;
            long below = 0;
            for (long count : pooled.values()) {
                if (below + count > cutShare * total) {
                    break;
                }
                below += count;
                cut++;
            }
            return new Grid(values, cut);
        }

        Encoded encode(List<Histogram> intervals) {
            int n = intervals.size();
            int[][] index = new int[n][];
            long[][] counts = new long[n][];
            long[] below = new long[n];
            long[] all = new long[n];
            int[] tailFrom = new int[n];
            for (int i = 0; i < n; i++) {
                Histogram h = intervals.get(i);
                int size = 0;
                int[] idx = new int[64];
                long[] cnt = new long[64];
                for (HistogramIterationValue v : h.recordedValues()) {
                    if (size == idx.length) {
                        idx = Arrays.copyOf(idx, size * 2);
                        cnt = Arrays.copyOf(cnt, size * 2);
                    }
                    idx[size] = Arrays.binarySearch(values, h.highestEquivalentValue(v.getValueIteratedTo()));
                    cnt[size] = v.getCountAtValueIteratedTo();
                    all[i] += cnt[size];
                    if (idx[size] < cut) {
                        below[i] += cnt[size];
                        tailFrom[i] = size + 1;
                    }
                    size++;
                }
                index[i] = Arrays.copyOf(idx, size);
                counts[i] = Arrays.copyOf(cnt, size);
            }
            return new Encoded(index, counts, below, all, tailFrom);
        }
    }

    /**
     * One repeat of one cell: its intervals as (grid index, count) lists in ascending order; per
     * interval, its count below the grid's cut, its whole count, and where its buckets above the cut begin.
     */
    private record Encoded(int[][] index, long[][] counts, long[] below, long[] all, int[] tailFrom) {
        /** The percentile over all intervals, or over as many drawn with replacement when {@code random} is given. */
        double percentile(SplittableRandom random, double percentile, long[] scratch, Grid grid) {
            int n = index.length;
            int[] weights = new int[n];
            for (int k = 0; k < n; k++) {
                weights[random == null ? k : random.nextInt(n)]++;
            }
            return weighted(weights, percentile, scratch, grid);
        }

        /** The percentile over the intervals, interval i counted {@code weights[i]} times. */
        double weighted(int[] weights, double percentile, long[] scratch, Grid grid) {
            int n = index.length;
            if (n == 0) {
                return Double.NaN;
            }
            long total = 0;
            long belowCut = 0;
            for (int i = 0; i < n; i++) {
                total += weights[i] * all[i];
                belowCut += weights[i] * below[i];
            }
            if (total == 0) {
                return Double.NaN;
            }
            long target = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
            boolean tailOnly = target > belowCut;
            int from = tailOnly ? grid.cut : 0;
            Arrays.fill(scratch, from, scratch.length, 0);
            for (int i = 0; i < n; i++) {
                int w = weights[i];
                if (w > 0) {
                    int[] idx = index[i];
                    long[] cnt = counts[i];
                    for (int j = tailOnly ? tailFrom[i] : 0; j < idx.length; j++) {
                        scratch[idx[j]] += w * cnt[j];
                    }
                }
            }
            long seen = tailOnly ? belowCut : 0;
            for (int g = from; g < scratch.length; g++) {
                seen += scratch[g];
                if (seen >= target) {
                    return grid.values[g];
                }
            }
            return grid.values[grid.values.length - 1];
        }
    }
}
