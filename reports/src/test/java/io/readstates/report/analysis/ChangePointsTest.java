package io.readstates.report.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** E-divisive change points on synthetic series: a step is found where it is, and noise stays noise. */
class ChangePointsTest {

    private static double[] noise(SplittableRandom r, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + sd * gaussian(r);
        }
        return x;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void aTwentyPercentStepInNoisyDataIsFoundAtTheRightPoint() {
        for (long seed = 1; seed <= 10; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] before = noise(r, 30, 2.0, 0.1);
            double[] after = noise(r, 30, 2.4, 0.1);
            double[] x = new double[60];
            System.arraycopy(before, 0, x, 0, 30);
            System.arraycopy(after, 0, x, 30, 30);
            List<ChangePoints.ChangePoint> found = ChangePoints.standard().find(x);
            assertThat(found).as("seed " + seed + ": the step, and at p < 0.01 rarely a chance split beside it").hasSizeBetween(1, 2)
                    .anySatisfy(c -> {
                        assertThat(c.index()).isBetween(29, 31);
                        assertThat(c.relativeChange()).isBetween(0.15, 0.25);
                        assertThat(c.pValue()).isLessThan(0.01);
                    });
        }
    }

    @Test
    void pureNoiseAlmostNeverHasAChangePoint() {
        int falseAlarms = 0;
        int series = 100;
        for (long seed = 1; seed <= series; seed++) {
            double[] x = noise(new SplittableRandom(1000 + seed), 40, 2.0, 0.1);
            falseAlarms += new ChangePoints(0.01, 199, 3, seed).find(x).size();
        }
        assertThat(falseAlarms).as("change points found in " + series + " series of pure noise at p < 0.01 (about 1 expected)").isLessThanOrEqualTo(4);
    }

    @Test
    void twoStepsAreBothFoundInOrder() {
        SplittableRandom r = new SplittableRandom(7);
        double[] x = new double[90];
        System.arraycopy(noise(r, 30, 1.0, 0.05), 0, x, 0, 30);
        System.arraycopy(noise(r, 30, 1.5, 0.05), 0, x, 30, 30);
        System.arraycopy(noise(r, 30, 1.1, 0.05), 0, x, 60, 30);
        List<ChangePoints.ChangePoint> found = ChangePoints.standard().find(x);
        assertThat(found).extracting(ChangePoints.ChangePoint::index).containsExactly(30, 60);
        assertThat(found.get(0).afterMedian()).isGreaterThan(found.get(0).beforeMedian());
        assertThat(found.get(1).afterMedian()).isLessThan(found.get(1).beforeMedian());
    }

    @Test
    void aSeriesTooShortToSplitHasNoChangePointAndTooFewPermutationsAreRefused() {
        assertThat(ChangePoints.standard().find(new double[] {1, 1, 1, 9, 9})).isEmpty();
        assertThatThrownBy(() -> new ChangePoints(0.01, 50, 3, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 100 permutations");
    }

    @Test
    void theBestSplitOfAStepIsTheStep() {
        ChangePoints.Split s = ChangePoints.standard().bestSplit(new double[] {1, 1, 1, 1, 5, 5, 5, 5});
        assertThat(s.at()).isEqualTo(4);
        assertThat(s.q()).isPositive();
    }
}
