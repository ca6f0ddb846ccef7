package io.readstates.harness.latency;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The hiccup control measures as jHiccup does: against the shortest wake-up, corrected for swallowed wake-ups. */
class HiccupMeterTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theSleepOverheadIsNotAHiccup() {
        HiccupMeter.Baseline b = new HiccupMeter.Baseline();
        assertThat(b.hiccup(MS + 80_000)).isZero();
        assertThat(b.hiccup(MS + 60_000)).isZero();
        assertThat(b.hiccup(MS + 60_000 + 5 * MS)).isEqualTo(5 * MS);
    }

    @Test
    void aStallCountsAsEveryWakeUpItSwallowed() {
        LatencyRecorders recorders = new LatencyRecorders();
        recorders.recordHiccup(50 * MS, MS);
        Histogram h = null;
        for (LatencyRecorders.Tagged t : recorders.tagged()) {
            if (t.tag().equals("hiccup")) {
                h = t.recorder().getIntervalHistogram();
            }
        }
        assertThat(h).isNotNull();
        assertThat(h.getTotalCount()).isEqualTo(50);
        assertThat(h.getValueAtPercentile(50) / 1e6).isBetween(24.0, 26.1);
        assertThat(h.getMaxValue() / 1e6).isBetween(49.9, 50.1);
    }
}
