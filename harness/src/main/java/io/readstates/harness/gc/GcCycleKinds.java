package io.readstates.harness.gc;

import java.util.Set;

/**
 * What a collection cycle was, from the names the JVM's collectors give their cycles in JFR
 * ({@code jdk.GarbageCollection.name}) and the collector's configuration
 * ({@code jdk.GCConfiguration}: young/old collector names). The cell decides this, where the
 * collector is known, and records the count in {@code cell.json}; reports read the count and never
 * match collector names themselves.
 *
 * <p>A cycle marks the whole heap when it traces every live object: G1's concurrent cycle
 * ({@code G1Old}) and a full collection ({@code G1Full}, {@code SerialOld}, {@code ParallelOld}),
 * ZGC's major cycle ({@code ZGC Major}, generational) or any cycle of single-generation ZGC
 * ({@code Z}, JDK 17), and every Shenandoah cycle (its cycles are all global; generational
 * Shenandoah's young cycles are the exception this does not yet tell apart). Young-only cycles
 * ({@code G1New}, {@code ZGC Minor}, {@code DefNew}, {@code ParallelScavenge}) do not.
 */
public final class GcCycleKinds {
    private static final Set<String> WHOLE_HEAP = Set.of("G1Old", "G1Full", "SerialOld", "ParallelOld", "ZGC Major", "Z");

    private GcCycleKinds() {
    }

    /**
     * @param cycleName        the cycle's name in JFR
     * @param collectorConfig  the collector as {@link GcSummaries} names it from {@code jdk.GCConfiguration}
     */
    public static boolean marksWholeHeap(String cycleName, String collectorConfig) {
        return collectorConfig.contains("Shenandoah") || WHOLE_HEAP.contains(cycleName);
    }
}
