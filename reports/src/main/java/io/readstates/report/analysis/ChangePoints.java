package io.readstates.report.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Change points in a series of measurements (one figure of one cell over successive runs), by
 * E-divisive means with a permutation test — the method of MongoDB's performance CI and of Apache
 * Otava (formerly Hunter), which found that fixed thresholds on noisy benchmarks either cry wolf or
 * miss slow drifts.
 *
 * <p>Implementation notes. For a split of a segment into a left part L (m points) and a right part
 * R (k points), the energy statistic is
 * {@code Q = m·k/(m+k) · (2/(m·k) Σ_{L×R}|x−y| − 2/(m(m−1)) Σ_{pairs in L}|x−y| − 2/(k(k−1)) Σ_{pairs in R}|x−y|)}
 * (α = 1): large when the two parts' distributions differ. The best split of a segment is found in
 * O(n²) by moving one point at a time from the right part to the left and updating the three sums.
 * Its significance is the share of random permutations of the segment whose best split scores at
 * least as high (with the observed one counted, so p ≥ 1/(permutations+1)). Change points are found
 * one at a time: the most significant split among all current segments is accepted if its p-value
 * is below {@code alpha}, which splits that segment, until none is.
 *
 * <p>References: D. S. Matteson, N. A. James, "A Nonparametric Approach for Multiple Change Point
 * Analysis of Multivariate Data", JASA 109(505), 2014; D. Daly et al., "The Use of Change Point
 * Detection to Identify Software Performance Regressions in a Continuous Integration System",
 * ICPE 2020.
 */
public final class ChangePoints {
    private final double alpha;
    private final int permutations;
    private final int minSegment;
    private final long seed;

    /**
     * @param alpha        significance level of each accepted change point
     * @param permutations permutations per test (p ≥ 1/(permutations+1), so choose more than 1/alpha)
     * @param minSegment   fewest points on either side of a change point
     * @param seed         seed of the permutations, so that a verdict is reproducible
     */
    public ChangePoints(double alpha, int permutations, int minSegment, long seed) {
        if (!(alpha > 0 && alpha < 1) || permutations < 1 || minSegment < 2) {
            throw new IllegalArgumentException("alpha must be in (0, 1), permutations >= 1, minSegment >= 2; got " + alpha + ", " + permutations
                    + ", " + minSegment);
        }
        if (1.0 / (permutations + 1) >= alpha) {
            throw new IllegalArgumentException(permutations + " permutations cannot give a p-value below " + alpha + "; use at least "
                    + (int) Math.ceil(1 / alpha) + " permutations");
        }
        this.alpha = alpha;
        this.permutations = permutations;
        this.minSegment = minSegment;
        this.seed = seed;
    }

    /** The defaults of the history's trend: p < 0.01 from 499 permutations, at least 3 runs on either side. */
    public static ChangePoints standard() {
        return new ChangePoints(0.01, 499, 3, 42);
    }

    /**
     * One change point.
     *
     * @param index        the first point after the change
     * @param pValue       the permutation test's p-value
     * @param beforeMedian median of the segment before (up to the previous change point)
     * @param afterMedian  median of the segment after (up to the next change point)
     */
    public record ChangePoint(int index, double pValue, double beforeMedian, double afterMedian) {
        /** (after − before) ÷ before: +0.2 is 20 % higher after the change. */
        public double relativeChange() {
            return beforeMedian == 0 ? Double.NaN : (afterMedian - beforeMedian) / beforeMedian;
        }
    }

    /** The change points of {@code series}, in order. */
    public List<ChangePoint> find(double[] series) {
        List<int[]> segments = new ArrayList<>(List.of(new int[] {0, series.length}));
        List<Integer> cuts = new ArrayList<>();
        List<Double> pValues = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        while (true) {
            int bestCut = -1;
            double bestP = 1;
            int[] bestSegment = null;
            for (int[] seg : segments) {
                double[] part = Arrays.copyOfRange(series, seg[0], seg[1]);
                Split s = bestSplit(part);
                if (s == null) {
                    continue;
                }
                double p = pValue(part, s.q(), random);
                if (p < bestP) {
                    bestP = p;
                    bestCut = seg[0] + s.at();
                    bestSegment = seg;
                }
            }
            if (bestSegment == null || bestP >= alpha) {
                break;
            }
            segments.remove(bestSegment);
            segments.add(new int[] {bestSegment[0], bestCut});
            segments.add(new int[] {bestCut, bestSegment[1]});
            cuts.add(bestCut);
            pValues.add(bestP);
        }
        List<Integer> sorted = new ArrayList<>(cuts);
        sorted.sort(Comparator.naturalOrder());
        List<ChangePoint> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            int cut = sorted.get(i);
            int from = i == 0 ? 0 : sorted.get(i - 1);
            int to = i + 1 < sorted.size() ? sorted.get(i + 1) : series.length;
            out.add(new ChangePoint(cut, pValues.get(cuts.indexOf(cut)), median(series, from, cut), median(series, cut, to)));
        }
        return out;
    }

    private double pValue(double[] part, double observed, SplittableRandom random) {
        double[] shuffled = part.clone();
        int atLeast = 0;
        for (int r = 0; r < permutations; r++) {
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            Split s = bestSplit(shuffled);
            if (s != null && s.q() >= observed) {
                atLeast++;
            }
        }
        return (atLeast + 1.0) / (permutations + 1.0);
    }

    /** The split of {@code x} into x[0, at) and x[at, n) with the largest energy statistic. */
    public record Split(int at, double q) {
    }

    public Split bestSplit(double[] x) {
        int n = x.length;
        if (n < 2 * minSegment) {
            return null;
        }
        double withinRight = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                withinRight += Math.abs(x[i] - x[j]);
            }
        }
        double withinLeft = 0;
        double between = 0;
        Split best = null;
        for (int at = 1; at < n; at++) {
            int moved = at - 1;
            double toLeft = 0;
            for (int i = 0; i < moved; i++) {
                toLeft += Math.abs(x[i] - x[moved]);
            }
            double toRight = 0;
            for (int j = at; j < n; j++) {
                toRight += Math.abs(x[moved] - x[j]);
            }
            withinRight -= toRight;
            between += toRight - toLeft;
            withinLeft += toLeft;
            int m = at;
            int k = n - at;
            if (m < minSegment || k < minSegment) {
                continue;
            }
            double e = 2 * between / ((double) m * k) - 2 * withinLeft / ((double) m * (m - 1)) - 2 * withinRight / ((double) k * (k - 1));
            double q = (double) m * k / (m + k) * e;
            if (best == null || q > best.q()) {
                best = new Split(at, q);
            }
        }
        return best;
    }

    private static double median(double[] x, int from, int to) {
        double[] part = Arrays.copyOfRange(x, from, to);
        Arrays.sort(part);
        int n = part.length;
        return n % 2 == 1 ? part[n / 2] : (part[n / 2 - 1] + part[n / 2]) / 2;
    }
}
