package io.readstates.harness.attribution;

/**
 * Which driver worker runs on the current thread: set by the driver on each worker thread, read by
 * the backing store's timing to tell which worker's operation waited for a load. Reading it does
 * not allocate (small boxed indices are cached).
 */
public final class DriverWorker {
    private static final ThreadLocal<Integer> INDEX = ThreadLocal.withInitial(() -> -1);

    private DriverWorker() {
    }

    /** Marks the current thread as driver worker {@code index}. */
    public static void set(int index) {
        INDEX.set(index);
    }

    /** The current thread's worker index, or -1 on a thread that is not a driver worker. */
    public static int current() {
        return INDEX.get();
    }
}
