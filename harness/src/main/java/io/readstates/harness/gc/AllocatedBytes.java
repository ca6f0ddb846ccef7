package io.readstates.harness.gc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Bytes allocated on the heap by this JVM's threads so far, for a cell's allocation rate.
 *
 * <p>Java 21 added {@code ThreadMXBean.getTotalThreadAllocatedBytes()}, which also counts threads
 * that have ended. The cell side is built for Java 17, so that method is looked up at run time;
 * on Java 17 the figure is the sum over live threads ({@code getThreadAllocatedBytes(long[])}),
 * which misses threads that ended in between — the driver's workers measure their own allocation
 * separately ({@code driverAllocatedBytes} in {@code cell.json}), so the cell still has that.
 */
public final class AllocatedBytes {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MethodHandle TOTAL = findTotal();

    private AllocatedBytes() {
    }

    private static MethodHandle findTotal() {
        try {
            return MethodHandles.publicLookup().findVirtual(com.sun.management.ThreadMXBean.class, "getTotalThreadAllocatedBytes",
                    MethodType.methodType(long.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Whether the figure includes threads that have ended (Java 21+). */
    public static boolean includesEndedThreads() {
        return TOTAL != null;
    }

    public static long total() {
        if (TOTAL != null) {
            try {
                return (long) TOTAL.invoke(THREADS);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read allocated bytes: " + e, e);
            }
        }
        return Arrays.stream(THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())).filter(b -> b > 0).sum();
    }
}
