package io.readstates.store.writebehind;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The background writer every write-behind store runs, made one way: a daemon thread (a forgotten
 * store must not keep a JVM alive; {@code close()} still flushes) that runs one tick of the store's
 * flushing every quarter of the delay (between 10 ms and 1 s), until {@link #stop} — often enough to
 * honour the delay without spinning. A tick that fails after the store closed ends the thread; one
 * that fails while it is open is reported and the next tick tries again, so one failed write never
 * stops write-behind for good.
 */
public final class FlusherThread {
    private final Thread thread;

    private FlusherThread(Thread thread) {
        this.thread = thread;
    }

    /** How often the flusher wakes for a write-behind delay: a quarter of it, between 10 ms and 1 s. */
    public static long tickMillis(Duration delay) {
        return Math.max(10, Math.min(delay.toMillis() / 4, 1000));
    }

    /**
     * Starts a flusher named {@code name} running {@code tick}, or returns null when {@code delay} is
     * zero or negative (no background flushing: writes happen on eviction, flush and close only).
     *
     * @param closed true once the store is closed: a tick failing then is the store going away, not an error
     */
    public static FlusherThread start(String name, Duration delay, BooleanSupplier closed, Runnable tick) {
        return startPaced(name, delay, closed, tickMillis -> {
            TimeUnit.MILLISECONDS.sleep(tickMillis);
            tick.run();
        });
    }

    /**
     * Like {@link #start}, for a tick that paces itself: it is called again as soon as it returns, and
     * waits inside (for at most about the tick) — so a flusher that is handed work can start on it at
     * once instead of at the next tick.
     */
    public static FlusherThread startPaced(String name, Duration delay, BooleanSupplier closed, PacedTick tick) {
        if (delay.isZero() || delay.isNegative()) {
            return null;
        }
        long tickMillis = tickMillis(delay);
        Thread t = new Thread(() -> loop(tickMillis, closed, tick), name);
        t.setDaemon(true);
        t.start();
        return new FlusherThread(t);
    }

    /** One round of a self-paced flusher; it may wait up to about {@code tickMillis} and returns when interrupted by throwing. */
    @FunctionalInterface
    public interface PacedTick {
        void run(long tickMillis) throws InterruptedException;
    }

    private static void loop(long tickMillis, BooleanSupplier closed, PacedTick tick) {
        while (!Thread.currentThread().isInterrupted() && !closed.getAsBoolean()) {
            try {
                tick.run(tickMillis);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed.getAsBoolean()) {
                    return;
                }
                System.err.println("readstates " + Thread.currentThread().getName() + ": " + e);
            }
        }
    }

    /** Stops the thread and waits for its current tick to end; the caller then flushes what is left. */
    public void stop() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
