package io.readstates.report.analysis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GcLockedSpikesTest {
    private static final int N = 420;
    private static final int[] CYCLES = {100, 225, 350};

    /**
     * A seven-minute log shaped like the Go service's at 10M states: 4–8 ms per interval, 25 spikes
     * of 15–60 ms at random places (its flusher and the shared cores), and, when {@code spikeAtGc},
     * 18–24 ms through each 4 s GC cycle with one 40–50 ms interval in it.
     */
    private static double[] goLike(long seed, boolean spikeAtGc) {
        Random rnd = new Random(seed);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = 4 + 4 * rnd.nextDouble();
        }
        for (int k = 0; k < 25; k++) {
            v[rnd.nextInt(N)] = 15 + 45 * rnd.nextDouble();
        }
        if (spikeAtGc) {
            for (int c : CYCLES) {
                for (int i = c; i <= c + 4; i++) {
                    v[i] = 18 + 6 * rnd.nextDouble();
                }
                v[c + 1] = 40 + 10 * rnd.nextDouble();
            }
        }
        return v;
    }

    private static double[] starts() {
        double[] s = new double[N];
        for (int i = 0; i < N; i++) {
            s[i] = i;
        }
        return s;
    }

    /** Each cycle: a short pause, 3.5 s of concurrent mark, a short pause. */
    private static List<double[]> cycles(int... at) {
        List<double[]> gc = new ArrayList<>();
        for (int c : at) {
            gc.add(new double[] {c + 0.2, c + 0.2005});
            gc.add(new double[] {c + 0.2005, c + 3.7});
            gc.add(new double[] {c + 3.7, c + 3.701});
        }
        return gc;
    }

    @Test
    void goSpikeAtEachForcedCycleIsASawtoothThoughOtherSpikesHideItFromTheAutocorrelation() {
        Sawtooth s = Sawtooth.analyse("go-lru", goLike(3, true), starts(), 1.0, cycles(CYCLES));
        assertThat(s.periodic()).as("the other spikes hide the period from the autocorrelation").isFalse();
        assertThat(s.gcLocked().cycles()).isEqualTo(3);
        assertThat(s.gcLocked().withSpike()).isEqualTo(3);
        assertThat(s.gcLocked().shiftP()).isLessThan(Sawtooth.ALPHA);
        assertThat(s.verdict()).startsWith("sawtooth (Go-like): a spike at each of 3 GC cycles, every 125 s (circular-shift p ");
        assertThat(s.row().get(2)).isEqualTo("125.00 (GC cycles)");
    }

    @Test
    void regularCyclesAmongChanceSpikesAreAlmostNeverASawtooth() {
        int sawtooths = 0;
        for (long seed = 0; seed < 200; seed++) {
            Sawtooth s = Sawtooth.analyse("noise", goLike(seed, false), starts(), 1.0, cycles(CYCLES));
            sawtooths += s.gcLocked().sawtooth() ? 1 : 0;
        }
        assertThat(sawtooths).as("claims at α = %s over 200 series with no GC effect", Sawtooth.ALPHA).isLessThanOrEqualTo(2);
    }

    @Test
    void aCycleWithoutASpikeBreaksTheClaim() {
        double[] v = goLike(3, true);
        int quiet = CYCLES[1];
        for (int i = quiet; i <= quiet + 4; i++) {
            v[i] = 5;
        }
        Sawtooth s = Sawtooth.analyse("go-lru", v, starts(), 1.0, cycles(CYCLES));
        assertThat(s.gcLocked().withSpike()).isEqualTo(2);
        assertThat(s.gcLocked().sawtooth()).isFalse();
        assertThat(s.verdict()).doesNotStartWith("sawtooth");
    }

    @Test
    void irregularCyclesAreNotAPeriod() {
        Sawtooth s = Sawtooth.analyse("go-lru", goLike(3, true), starts(), 1.0, cycles(100, 160, 350));
        assertThat(s.gcLocked().regular()).isFalse();
        assertThat(s.gcLocked().sawtooth()).isFalse();
    }

    @Test
    void eventsLessThanAnIntervalApartAreOneCycleAndCyclesOutsideTheLogDoNotCount() {
        List<double[]> gc = new ArrayList<>(cycles(CYCLES));
        gc.add(0, new double[] {-30, -29});
        gc.add(new double[] {N - 0.5, N + 2});
        GcLockedSpikes g = GcLockedSpikes.of(new double[N], new boolean[N], 0, 1.0, gc);
        assertThat(GcLockedSpikes.cycles(gc, 1.0)).hasSize(5);
        assertThat(g.cycles()).isEqualTo(3);
        assertThat(g.periodSeconds()).isEqualTo(125.0);
    }

    @Test
    void tooShortALogIsNotTested() {
        double[] v = new double[60];
        assertThat(GcLockedSpikes.shiftP(v, List.of(new int[] {10, 14}))).isNaN();
    }
}
