package io.readstates.report;

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
        assertThat(s.verdict()).isEqualTo("sawtooth (Go-like): every 12 s; spikes line up with GC");
    }

    @Test
    void spikesAwayFromGcAreToldApart() {
        Sawtooth s = Sawtooth.analyse("not-gc", series(10, 3, 2), starts(), 1.0, gcEvery(10, 8));
        assertThat(s.periodSeconds()).isEqualTo(10.0);
        assertThat(s.spikesOverlappingGc()).isZero();
        assertThat(s.verdict()).endsWith("spikes mostly away from GC");
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
        assertThat(s.verdict()).isEqualTo("1 isolated spike(s), not periodic; spikes mostly away from GC");
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
        assertThat(s.verdict()).startsWith("1 isolated spike(s)");
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
}
