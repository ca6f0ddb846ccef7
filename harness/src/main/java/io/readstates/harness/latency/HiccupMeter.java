package io.readstates.harness.latency;

import java.util.concurrent.TimeUnit;

/**
 * The platform-hiccup control, after Gil Tene's jHiccup: a thread that does nothing but sleep for
 * one millisecond and record how much longer than that it took to wake. Whatever it records, the
 * store had no part in — a safepoint, a GC pause, a descheduled vCPU, the other core busy — so a
 * report can tell platform stalls from store and collector effects.
 *
 * <p>As jHiccup does ({@code HiccupMeter.run}): the hiccup is the wake-up time minus the
 * <em>shortest</em> one observed so far (the platform's own sleep overhead, often tens of µs,
 * is not a hiccup), and it is recorded with {@code recordValueWithExpectedInterval} at the
 * 1 ms resolution, so a 50 ms stall counts as the 50 wake-ups it swallowed — the same
 * coordinated-omission correction the driver applies to operations. Being inside the cell's JVM,
 * it stops at every safepoint too, so a GC pause shows here as well as in the store's latency.
 */
public final class HiccupMeter implements AutoCloseable {
    private static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A hiccup at least this long is also reported as a stall interval, for attributing slow operations. */
    public static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private final LatencyRecorders recorders;
    private final StallSink stalls;
    private final Thread thread;
    private volatile boolean running = true;

    /** Where stalls of at least {@link #STALL_NANOS} go, as intervals on {@code System.nanoTime()}. */
    public interface StallSink {
        void stall(long startNanos, long endNanos);
    }

    public HiccupMeter(LatencyRecorders recorders) {
        this(recorders, null);
    }

    public HiccupMeter(LatencyRecorders recorders, StallSink stalls) {
        this.recorders = recorders;
        this.stalls = stalls;
        this.thread = new Thread(this::loop, "readstates-hiccup");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        Baseline baseline = new Baseline();
        while (running) {
            long before = System.nanoTime();
            try {
                TimeUnit.NANOSECONDS.sleep(RESOLUTION_NANOS);
            } catch (InterruptedException e) {
                return;
            }
            long woke = System.nanoTime();
            long hiccup = baseline.hiccup(woke - before);
            recorders.recordHiccup(hiccup, RESOLUTION_NANOS);
            if (stalls != null && hiccup >= STALL_NANOS) {
                stalls.stall(woke - hiccup, woke);
            }
        }
    }

    /** The shortest wake-up seen so far, and each wake-up's excess over it. */
    static final class Baseline {
        private long shortest = Long.MAX_VALUE;

        long hiccup(long wakeUpNanos) {
            shortest = Math.min(shortest, wakeUpNanos);
            return wakeUpNanos - shortest;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
