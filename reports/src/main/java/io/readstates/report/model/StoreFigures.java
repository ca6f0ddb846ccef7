package io.readstates.report.model;

/** The cache's own counters over the measured window. */
public record StoreFigures(long hits, long misses, double hitRate, long evictions, long evictionWrites, long flushWrites, String backingStore) {
}
