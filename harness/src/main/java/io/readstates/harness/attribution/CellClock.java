package io.readstates.harness.attribution;

import java.time.Instant;

/**
 * The one clock of a cell's attribution: {@code System.nanoTime()}, on which the driver times
 * operations. JFR stamps events with wall-clock instants and the out-of-process hiccup control
 * writes epoch nanoseconds; both are placed on this clock by a pair of readings taken together at the
 * window's start. The error is the difference between the clocks' rates over the window and the
 * gap between the two readings: microseconds, small beside the millisecond stalls being explained.
 *
 * @param windowStart      wall-clock time at the window's start
 * @param windowStartNanos {@code System.nanoTime()} at the same moment
 */
public record CellClock(Instant windowStart, long windowStartNanos) {

    /** Reads both clocks now. */
    public static CellClock now() {
        long before = System.nanoTime();
        Instant wall = Instant.now();
        long after = System.nanoTime();
        return new CellClock(wall, before + (after - before) / 2);
    }

    public long nanosOf(Instant t) {
        return windowStartNanos + (t.getEpochSecond() - windowStart.getEpochSecond()) * 1_000_000_000L + (t.getNano() - windowStart.getNano());
    }

    public long nanosOfEpoch(long epochNanos) {
        return windowStartNanos + epochNanos - (windowStart.getEpochSecond() * 1_000_000_000L + windowStart.getNano());
    }
}
