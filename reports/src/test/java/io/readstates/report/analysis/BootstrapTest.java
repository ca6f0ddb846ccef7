package io.readstates.report.analysis;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The bootstrap's intervals on synthetic cells whose truth is known. */
class BootstrapTest {
    /** A cell's repeats: {@code intervals} one-second histograms of lognormal latencies (median 200 µs) times {@code scale}. */
    static List<List<Histogram>> cell(long seed, int repeats, int intervals, int perInterval, double scale) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Histogram>> out = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            List<Histogram> repeat = new ArrayList<>();
            for (int i = 0; i < intervals; i++) {
                Histogram h = new Histogram(3);
                for (int k = 0; k < perInterval; k++) {
                    double z = gaussian(random);
                    h.recordValue(Math.max(1, Math.round(scale * 200_000 * Math.exp(0.8 * z))));
                }
                repeat.add(h);
            }
            out.add(repeat);
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void aCellThreeTimesSlowerHasARatioIntervalAroundThreeThatExcludesOne() {
        Bootstrap.Comparison c = Bootstrap.paired(cell(1, 3, 20, 2_000, 3), cell(2, 3, 20, 2_000, 1), 99.9);
        assertThat(c.ratio().low()).isGreaterThan(1.5);
        assertThat(c.ratio().low()).isLessThan(3.0);
        assertThat(c.ratio().high()).isGreaterThan(3.0);
        assertThat(c.ratio().above(1)).isTrue();
        assertThat(c.differenceMs().above(0)).isTrue();
    }

    @Test
    void identicalDistributionsGiveIntervalsThatContainOneAtAboutTheNominalRate() {
        int seeds = 20;
        int pairedCover = 0;
        int unpairedCover = 0;
        for (int s = 0; s < seeds; s++) {
            List<List<Histogram>> a = cell(100 + s, 3, 15, 1_000, 1);
            List<List<Histogram>> b = cell(500 + s, 3, 15, 1_000, 1);
            Bootstrap.Estimate paired = Bootstrap.paired(a, b, 99.9).ratio();
            Bootstrap.Estimate unpaired = Bootstrap.unpaired(a, b, 99.9).ratio();
            if (s == 0) {
                System.out.println("same distribution, seed 0: paired " + paired + ", unpaired " + unpaired);
            }
            pairedCover += paired.low() <= 1 && paired.high() >= 1 ? 1 : 0;
            unpairedCover += unpaired.low() <= 1 && unpaired.high() >= 1 ? 1 : 0;
        }
        System.out.printf("coverage of 1 over %d seeds: paired %d, unpaired %d%n", seeds, pairedCover, unpairedCover);
        assertThat(pairedCover).as("paired intervals containing the true ratio 1").isGreaterThanOrEqualTo(17);
        assertThat(unpairedCover).as("unpaired intervals containing the true ratio 1").isGreaterThanOrEqualTo(17);
    }

    @Test
    void theMaxIsTheLargestValueOfTheChosenIntervals() {
        Histogram h = new Histogram(3);
        h.recordValue(1_000_000);
        h.recordValue(5_000_000);
        Bootstrap.Comparison c = Bootstrap.unpaired(List.of(List.of(h)), List.of(List.of(h)), 100);
        assertThat(c.ratio().value()).isEqualTo(1.0);
        assertThat(c.differenceMs().value()).isZero();
    }

    /** The old full scan: every drawn interval merged, the first bucket whose cumulative count reaches the percentile's rank. */
    private static long plainMerge(List<Histogram> intervals, int[] weights, double percentile) {
        Histogram merged = new Histogram(3);
        for (int i = 0; i < intervals.size(); i++) {
            for (int w = 0; w < weights[i]; w++) {
                merged.add(intervals.get(i));
            }
        }
        long target = Math.max(1, (long) Math.ceil(percentile / 100.0 * merged.getTotalCount()));
        long seen = 0;
        for (var v : merged.recordedValues()) {
            seen += v.getCountAtValueIteratedTo();
            if (seen >= target) {
                return merged.highestEquivalentValue(v.getValueIteratedTo());
            }
        }
        throw new AssertionError("empty merge");
    }

    @Test
    void theTailPathGivesExactlyWhatAPlainMergeOfTheDrawnIntervalsGives() {
        List<Histogram> intervals = new ArrayList<>(cell(7, 1, 30, 3_000, 1).get(0));
        intervals.addAll(cell(8, 1, 10, 3_000, 20).get(0));
        SplittableRandom random = new SplittableRandom(3);
        for (double percentile : new double[] {50, 99, 99.9, 100}) {
            for (int draw = 0; draw < 40; draw++) {
                int[] weights = new int[intervals.size()];
                boolean quietOnly = draw % 4 == 0;
                for (int k = 0; k < weights.length; k++) {
                    weights[random.nextInt(quietOnly ? 30 : weights.length)]++;
                }
                assertThat(Bootstrap.percentileOf(intervals, weights, percentile))
                        .as("p%s of draw %d%s", percentile, draw, quietOnly ? " (quiet intervals only: below the cut)" : "")
                        .isEqualTo((double) plainMerge(intervals, weights, percentile));
            }
        }
    }
}
