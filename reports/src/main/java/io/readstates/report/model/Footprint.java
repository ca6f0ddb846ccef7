package io.readstates.report.model;

/**
 * Bytes per resident state: Java heap (occupancy after a full collection, minus the same before the
 * store existed) and native memory the store reserved. {@code heapBytes} is null where no full
 * collection is possible (Epsilon).
 */
public record Footprint(long residentStates, Long heapBytes, long offHeapBytes, Double heapBytesPerState, double offHeapBytesPerState, String method) {
}
