package io.readstates.store.writebehind;

import java.time.Duration;

/**
 * When a state became dirty, in 16 bits: seconds since the store started, modulo
 * {@value #STAMP_PERIOD}, plus one (0 means clean). Two bytes per state instead of eight, which
 * matters at tens of millions of states; ages are taken modulo the period, which is sound because a
 * dirty state is written long before the period (18 hours) comes round — the delay is checked to be
 * below half of it.
 */
public final class DirtyClock {
    public static final int STAMP_PERIOD = 65535;
    private final long startNanos = System.nanoTime();

    /** A clock for a store whose write-behind delay is {@code delay}; refuses a delay the stamps cannot age. */
    public DirtyClock(Duration delay) {
        if (delay.toSeconds() >= STAMP_PERIOD / 2) {
            throw new IllegalArgumentException("write-behind delay must be below " + STAMP_PERIOD / 2 + " s, got " + delay);
        }
    }

    /** The stamp of a state that becomes dirty now (never 0). */
    public int now() {
        return at(System.nanoTime());
    }

    /** The stamp at {@code nanoTime} (a {@link System#nanoTime()} reading the caller already has; one before the clock started counts as its start). */
    public int at(long nanoTime) {
        long seconds = Math.max(0, nanoTime - startNanos) / 1_000_000_000L;
        return (int) (seconds % STAMP_PERIOD) + 1;
    }

    /** The stamp a write leaves: a dirty state keeps the second it first became dirty. */
    public int dirtied(int stamp) {
        return stamp != 0 ? stamp : now();
    }

    /** Seconds between {@code stamp} and {@code nowStamp}, modulo the period. */
    public static int age(int nowStamp, int stamp) {
        return Math.floorMod(nowStamp - stamp, STAMP_PERIOD);
    }

    /** True when a state with {@code stamp} is dirty and at least {@code minAgeSeconds} old ({@code < 0}: any dirty state). */
    public static boolean due(int nowStamp, int stamp, long minAgeSeconds) {
        return stamp != 0 && (minAgeSeconds < 0 || age(nowStamp, stamp) >= minAgeSeconds);
    }
}
