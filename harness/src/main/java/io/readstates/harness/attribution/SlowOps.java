package io.readstates.harness.attribution;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operations of a measured window whose response time (from the intended start) reached a
 * threshold, kept so that each can later be told what it waited for ({@code attribution}). The
 * columns are allocated once, before the window: recording one costs a few array stores and one
 * atomic increment, and nothing is allocated — the driver's zero-allocation path holds. When the
 * columns are full, further slow operations are only counted ({@link #dropped}).
 *
 * <p>Written by the driver's workers, read after they have been joined (which orders the writes
 * before the reads).
 */
public final class SlowOps {
    /** Captures nothing: for the warm-up and for drivers that do not attribute. */
    public static final SlowOps NONE = new SlowOps(Long.MAX_VALUE, 0);

    private final long thresholdNanos;
    private final long[] intended;
    private final long[] started;
    private final long[] ended;
    private final byte[] type;
    private final short[] worker;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param thresholdNanos operations whose response time is at least this are kept
     * @param capacity       how many are kept at most
     */
    public SlowOps(long thresholdNanos, int capacity) {
        if (thresholdNanos <= 0 || capacity < 0) {
            throw new IllegalArgumentException("a slow-operation threshold must be > 0 and a capacity >= 0, got " + thresholdNanos + " ns, " + capacity);
        }
        this.thresholdNanos = thresholdNanos;
        intended = new long[capacity];
        started = new long[capacity];
        ended = new long[capacity];
        type = new byte[capacity];
        worker = new short[capacity];
    }

    /** Keeps the operation if it was slow; times are {@code System.nanoTime()} readings. */
    public void offer(long intendedNanos, long startNanos, long endNanos, int opType, int workerIndex) {
        if (endNanos - intendedNanos < thresholdNanos) {
            return;
        }
        int i = next.getAndIncrement();
        if (i >= intended.length) {
            dropped.incrementAndGet();
            return;
        }
        intended[i] = intendedNanos;
        started[i] = startNanos;
        ended[i] = endNanos;
        type[i] = (byte) opType;
        worker[i] = (short) workerIndex;
    }

    public long thresholdNanos() {
        return thresholdNanos;
    }

    /** Operations kept. */
    public int size() {
        return Math.min(next.get(), intended.length);
    }

    /** Slow operations that did not fit. */
    public long dropped() {
        return dropped.get();
    }

    public long intended(int i) {
        return intended[i];
    }

    public long started(int i) {
        return started[i];
    }

    public long ended(int i) {
        return ended[i];
    }

    public int type(int i) {
        return type[i];
    }

    public int worker(int i) {
        return worker[i];
    }
}
