package io.readstates.store;

/**
 * The background thread every write-behind store runs, made one way: a daemon (a forgotten store
 * must not keep a JVM alive; {@code close()} still flushes) that wakes often enough to honour the
 * write-behind delay without spinning.
 */
public final class WriteBehindThreads {
    private WriteBehindThreads() {
    }

    /** How often the flusher wakes for a write-behind delay: a quarter of it, between 10 ms and 1 s. */
    public static long tickMillis(long delayMillis) {
        return Math.max(10, Math.min(delayMillis / 4, 1000));
    }

    /** An unstarted daemon thread named {@code name} running {@code task}. */
    public static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
