package io.readstates.results;

/**
 * Bytes per resident state: Java heap (occupancy after a full collection, minus the same before the
 * store existed — signed: a store that keeps almost nothing on the heap can read below zero, which
 * is noise, not a negative footprint) and native memory the store reserved. {@code heapBytes} is
 * null where no full collection is possible (Epsilon).
 *
 * @param heapNoiseFloorBytes the spread of three readings of the same heap before the store existed:
 *                            a heap figure within it says "too small to measure under this collector"
 *                            (concurrent collectors leave floating garbage after {@code System.gc()})
 * @param intrinsicBytes      live bytes the store added by the JVM's heap inspection
 *                            ({@code GC.class_histogram}), which counts only reachable objects and so
 *                            does not depend on the collector; null under Epsilon
 * @param intrinsicBytesPerState the same per resident state
 */
public record Footprint(long residentStates, Long heapBytes, long offHeapBytes, Double heapBytesPerState, double offHeapBytesPerState, String method,
                        Long heapNoiseFloorBytes, Long intrinsicBytes, Double intrinsicBytesPerState) {
}
