package io.readstates.report.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SawtoothTest {
    private static final int N = 120;

    private static double[] starts() {
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
            s[i] = i;
        }
        return s;
    }

    /** Noise around 2 ms, plus a 40 ms spike every {@code period} intervals from {@code phase}. */
    private static double[] series(int period, int phase, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = 2 + rnd.nextDouble();
            if (period > 0 && i % period == phase) {
                v[i] = 40 + rnd.nextDouble() * 5;
            }
        }
        return v;
    }

    private static List<double[]> gcEvery(int period, int phase) {
        List<double[]> gc = new ArrayList<>();
        for (int i = phase; i < N; i += period) {
            gc.add(new double[] {i + 0.2, i + 0.3});
        }
        return gc;
    }

    @Test
    void findsThePeriodAmplitudeAndTheGcBehindASawtooth() {
        Sawtooth s = Sawtooth.analyse("go-like", series(12, 5, 1), starts(), 1.0, gcEvery(12, 5));
        assertThat(s.periodic()).isTrue();
        assertThat(s.periodSeconds()).isEqualTo(12.0);
        assertThat(s.autocorrelation()).isGreaterThan(0.8);
        assertThat(s.spikes()).isEqualTo(10);
        assertThat(s.spikesOverlappingGc()).isEqualTo(10);
        assertThat(s.amplitudeMs()).isCloseTo(40, within(4.0));
        assertThat(s.gcPeriodSeconds()).isEqualTo(12.0);
        assertThat(s.flatness()).isLessThan(0.1);
        assertThat(s.verdict()).isEqualTo("sawtooth (Go-like): every 12 s; spikes line up with GC (more than chance)");
    }

    @Test
    void spikesAwayFromGcAreToldApart() {
        Sawtooth s = Sawtooth.analyse("not-gc", series(10, 3, 2), starts(), 1.0, gcEvery(10, 8));
        assertThat(s.periodSeconds()).isEqualTo(10.0);
        assertThat(s.spikesOverlappingGc()).isZero();
        assertThat(s.verdict()).endsWith("spikes not tied to GC beyond chance");
    }

    @Test
    void noiseAloneIsFlatAndNotPeriodic() {
        Sawtooth s = Sawtooth.analyse("rust-like", series(0, 0, 3), starts(), 1.0, List.of());
        assertThat(s.periodic()).isFalse();
        assertThat(s.spikes()).isZero();
        assertThat(s.flatness()).isGreaterThan(0.6);
        assertThat(s.verdict()).isEqualTo("flat (Rust-like)");
        assertThat(s.gcPeriodSeconds()).isNaN();
    }

    @Test
    void aSingleOutlierIsNotASawtooth() {
        double[] v = series(0, 0, 4);
        v[60] = 300;
        Sawtooth s = Sawtooth.analyse("one-spike", v, starts(), 1.0, List.of());
        assertThat(s.periodic()).isFalse();
        assertThat(s.spikes()).isEqualTo(1);
        assertThat(s.verdict()).isEqualTo("1 spike(s), not periodic; spikes not tied to GC beyond chance");
    }

    @Test
    void aPeriodicRippleWithOneSpikeIsNotASawtooth() {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = i % 6 < 3 ? 2.0 : 3.0;
        }
        v[40] = 50;
        Sawtooth s = Sawtooth.analyse("ripple", v, starts(), 1.0, List.of());
        assertThat(s.periodic()).as("the ripple itself is periodic").isTrue();
        assertThat(s.spikes()).isEqualTo(1);
        assertThat(s.verdict()).startsWith("1 spike(s)");
    }

    @Test
    void autocorrelationOfAPureSquareWaveIsOneAtItsPeriod() {
        double[] x = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i / 4) % 2;
        }
        double[] r = Sawtooth.autocorrelation(x, 20);
        assertThat(r[0]).isCloseTo(1.0, within(1e-12));
        assertThat(r[8]).isGreaterThan(0.75);
        assertThat(r[4]).isLessThan(-0.75);
    }

    @Test
    void goTwoMinuteForcedCycleIsFoundInASevenMinuteLog() {
        int n = 420;
        Random rnd = new Random(11);
        double[] v = new double[n];
        double[] t = new double[n];
        List<double[]> gc = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            t[i] = i;
            v[i] = 1 + rnd.nextDouble() * 0.5;
            if (i % 120 == 60) {
                v[i] = 30 + rnd.nextDouble() * 5;
                gc.add(new double[] {i + 0.1, i + 0.6});
            }
        }
        Sawtooth s = Sawtooth.analyse("go-2019", v, t, 1.0, gc);
        assertThat(s.periodSeconds()).isEqualTo(120.0);
        assertThat(s.permutationP()).isLessThan(Sawtooth.ALPHA);
        assertThat(s.spikes()).isEqualTo(3);
        assertThat(s.verdict()).isEqualTo("sawtooth (Go-like): every 120 s; spikes line up with GC (more than chance)");
    }

    @Test
    void twoChanceSpikesInWhiteNoiseAreNeverASawtooth() {
        int sawtooths = 0;
        for (long seed = 0; seed < 100; seed++) {
            Random rnd = new Random(seed);
            double[] v = series(0, 0, seed);
            v[rnd.nextInt(N)] = 40;
            v[rnd.nextInt(N)] = 45;
            Sawtooth s = Sawtooth.analyse("noise", v, starts(), 1.0, List.of());
            sawtooths += s.verdict().startsWith("sawtooth") ? 1 : 0;
        }
        assertThat(sawtooths).isZero();
    }

    @Test
    void aStallLongerThanAnIntervalKeepsThePeriod() {
        List<LatencyTimeline.Point> points = new ArrayList<>();
        Random rnd = new Random(5);
        for (int i = 0; i < N; i++) {
            int phase = i % 12;
            if (phase == 5) {
                points.add(new LatencyTimeline.Point(i, 100, 30, 35, 40, 0, 0));
            } else if (phase == 6 || phase == 7) {
                points.add(new LatencyTimeline.Point(i, 0, 0, 0, 0, 0, 0));
            } else {
                points.add(new LatencyTimeline.Point(i, 100, 1, 1.5, 2 + rnd.nextDouble(), 0, 0));
            }
        }
        double[] carried = Sawtooth.series(points, 1.0);
        assertThat(carried[6]).isEqualTo(1040.0);
        assertThat(carried[7]).isEqualTo(2040.0);
        Sawtooth s = Sawtooth.analyse("stalls", carried, points.stream().mapToDouble(LatencyTimeline.Point::seconds).toArray(), 1.0, List.of());
        assertThat(s.periodSeconds()).isEqualTo(12.0);
        assertThat(s.verdict()).startsWith("sawtooth (Go-like): every 12 s");
    }

    @Test
    void gcOverlapIsJudgedAgainstItsChanceRate() {
        assertThat(Sawtooth.binomialUpperTail(10, 10, 0.1)).isLessThan(1e-9);
        assertThat(Sawtooth.binomialUpperTail(10, 5, 0.5)).isCloseTo(0.623, within(0.001));
        double[] v = series(12, 5, 1);
        List<double[]> gcEverywhere = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            gcEverywhere.add(new double[] {i + 0.1, i + 0.9});
        }
        Sawtooth s = Sawtooth.analyse("gc-always", v, starts(), 1.0, gcEverywhere);
        assertThat(s.spikesOverlappingGc()).isEqualTo(s.spikes());
        assertThat(s.gcChance()).isEqualTo(1.0);
        assertThat(s.linedUpWithGc()).as("every interval overlaps GC: the spikes overlapping it means nothing").isFalse();
    }
}
