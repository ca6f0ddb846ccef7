package io.readstates.harness.attribution;

import io.readstates.store.BackgroundWork;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Intervals recorded while a window runs — the store's lock holds for background work, slow
 * backing-store loads per worker — in columns allocated once, before the window, so that recording
 * allocates nothing. Recording starts when {@link #arm} is called (the window's start), keeps
 * intervals of at least a minimum length, and counts what did not fit. Read after the window, when
 * the recording threads are done or the intervals that still arrive no longer matter.
 */
public final class IntervalRing implements BackgroundWork {
    private final long minNanos;
    private final long[] starts;
    private final long[] ends;
    private final int[] workers;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean armed;

    public IntervalRing(long minNanos, int capacity) {
        this.minNanos = minNanos;
        starts = new long[capacity];
        ends = new long[capacity];
        workers = new int[capacity];
    }

    /** From now on, intervals are kept. */
    public void arm() {
        armed = true;
    }

    /** Keeps [{@code startNanos}, {@code endNanos}) of {@code worker} ({@link CauseTimeline#ANY_WORKER}: every worker's). */
    public void record(long startNanos, long endNanos, int worker) {
        if (!armed || endNanos - startNanos < minNanos) {
            return;
        }
        int i = next.getAndIncrement();
        if (i >= starts.length) {
            dropped.incrementAndGet();
            return;
        }
        starts[i] = startNanos;
        ends[i] = endNanos;
        workers[i] = worker;
    }

    @Override
    public void heldLock(long startNanos, long endNanos) {
        record(startNanos, endNanos, CauseTimeline.ANY_WORKER);
    }

    /** Adds every kept interval to {@code timeline} as {@code cause}, shifted by {@code offsetNanos} onto its clock. */
    public void addTo(CauseTimeline timeline, Cause cause, long offsetNanos) {
        int n = Math.min(next.get(), starts.length);
        for (int i = 0; i < n; i++) {
            timeline.add(cause, workers[i], starts[i] + offsetNanos, ends[i] + offsetNanos);
        }
    }

    public int size() {
        return Math.min(next.get(), starts.length);
    }

    public long dropped() {
        return dropped.get();
    }
}
