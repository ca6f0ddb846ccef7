package io.readstates.store.support;

import java.lang.management.ManagementFactory;

/**
 * A check before reserving native memory: asking the kernel for more than the machine has does not
 * fail cleanly — the process is killed later, when the pages are touched. A store that cannot fit
 * says so at construction instead.
 */
public final class NativeMemory {
    private NativeMemory() {
    }

    /** Throws {@link IllegalArgumentException} when {@code bytes} exceed the machine's free physical memory. */
    public static void require(long bytes, String what) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long free = os.getFreeMemorySize();
        if (bytes > free) {
            throw new IllegalArgumentException(String.format("%s needs %.1f GiB of native memory but only %.1f GiB is free on this machine; "
                    + "use a smaller capacity", what, bytes / (double) (1L << 30), free / (double) (1L << 30)));
        }
    }
}
