package io.readstates.harness.attribution;

import java.util.Locale;

/**
 * What a slow operation was waiting for. The declaration order is the precedence when several
 * causes overlap the same stretch of an operation's time (docs/slow-operations.md): first what
 * stops every application thread (a GC pause, any other safepoint), then what stops this thread
 * (an allocation stall, its own backing-store load, the store's lock held for background work),
 * then what slows the whole machine (a stall the out-of-process control saw too), then CPU
 * contention from a concurrent collector — the weakest evidence, as the operation could run, only
 * slower. What no cause covers is unexplained.
 */
public enum Cause {
    /** A stop-the-world GC pause ({@code jdk.GCPhasePause}). */
    GC_PAUSE("gc-pause", true),
    /** A safepoint that was not a GC pause: deoptimisation, JFR's own, class redefinition, … ({@code jdk.SafepointBegin/End}). */
    SAFEPOINT("safepoint", false),
    /** A ZGC allocation stall: a thread waiting for the collector to free memory ({@code jdk.ZAllocationStall}). */
    ALLOCATION_STALL("allocation-stall", true),
    /** The operation's own miss: a backing-store load on its worker. */
    BACKING_STORE("backing-store", false),
    /** The store's lock held for background work (the write-behind flusher's sweep). */
    STORE_LOCK("store-lock", false),
    /** A stall the out-of-process hiccup control saw as well: the platform, not this JVM. */
    PLATFORM("platform", false),
    /** A concurrent GC phase running: the collector's threads competing for the cores. */
    CONCURRENT_GC("concurrent-gc", true),
    /** Started late because an earlier operation on the same worker was slow, with no cause of its own. */
    QUEUEING("queueing", false),
    /** Nothing recorded covers it. */
    UNEXPLAINED("unexplained", false);

    private final String cliName;
    private final boolean collector;

    Cause(String cliName, boolean collector) {
        this.cliName = cliName;
        this.collector = collector;
    }

    public String cliName() {
        return cliName;
    }

    /** True for the causes that are the garbage collector's doing. */
    public boolean isCollector() {
        return collector;
    }

    public static Cause byName(String name) {
        for (Cause c : values()) {
            if (c.cliName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cause '" + name + "'");
    }
}
