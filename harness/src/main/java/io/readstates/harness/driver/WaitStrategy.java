package io.readstates.harness.driver;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How a driver worker waits for its next operation's intended start. The choice trades the
 * driver's own timing error against the CPU it takes from the machine — which matters on a
 * 2-core machine, where a busy driver leaves one core to the store and the concurrent collector
 * together, while a real service idles between requests.
 *
 * <ul>
 *   <li>{@code spin} (default): park until {@value #SPIN_WINDOW_NANOS} ns before the start, then
 *       spin. Starts are within a microsecond or so of the schedule, but at ≥ 5k ops/s per worker
 *       the worker is on CPU almost all the time: one core is the driver's.</li>
 *   <li>{@code park}: park until the start. The worker is off CPU between operations, but wakes
 *       late by the kernel's timer slack (typically 50–100 µs on Linux), and that lateness is
 *       measured as response time (it counts from the intended start).</li>
 *   <li>{@code yield}: {@link Thread#yield} until the start: cheap to wake, gives the core away
 *       when something else is runnable, still on CPU when nothing is.</li>
 * </ul>
 * Every cell records its strategy and its driver's own CPU time ({@code gc.driverCpuMs}), so a
 * reader can see what the driver took from the machine.
 */
public enum WaitStrategy {
    SPIN, PARK, YIELD;

    static final long SPIN_WINDOW_NANOS = 200_000;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WaitStrategy byName(String name) {
        for (WaitStrategy w : values()) {
            if (w.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown wait strategy '" + name + "'; use spin (default), park or yield");
    }

    /** Waits until {@code System.nanoTime()} reaches {@code intended}; returns the time it then reads. */
    long awaitUntil(long intended) {
        long now = System.nanoTime();
        while (now < intended) {
            long wait = intended - now;
            switch (this) {
                case SPIN -> {
                    if (wait > SPIN_WINDOW_NANOS) {
                        LockSupport.parkNanos(wait - SPIN_WINDOW_NANOS);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                case PARK -> LockSupport.parkNanos(wait);
                case YIELD -> Thread.yield();
            }
            now = System.nanoTime();
        }
        return now;
    }
}
