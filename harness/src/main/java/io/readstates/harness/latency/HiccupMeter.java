package io.readstates.harness.latency;

import java.util.concurrent.TimeUnit;

/**
 * The platform-hiccup control, after Gil Tene's jHiccup: a thread that does nothing but sleep for
 * one millisecond and record how much longer than that it took to wake. Whatever it records, the
 * store had no part in — a safepoint, a GC pause, a descheduled vCPU, the other core busy — so a
 * report can tell platform stalls from store and collector effects.
 */
public final class HiccupMeter implements AutoCloseable {
    private static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private final LatencyRecorders recorders;
    private final Thread thread;
    private volatile boolean running = true;

    public HiccupMeter(LatencyRecorders recorders) {
        this.recorders = recorders;
        this.thread = new Thread(this::loop, "readstates-hiccup");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            long before = System.nanoTime();
            try {
                TimeUnit.NANOSECONDS.sleep(RESOLUTION_NANOS);
            } catch (InterruptedException e) {
                return;
            }
            recorders.recordHiccup(System.nanoTime() - before - RESOLUTION_NANOS);
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
