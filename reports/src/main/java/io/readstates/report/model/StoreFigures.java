package io.readstates.report.model;

/**
 * The cache's own counters over the measured window.
 *
 * @param delayedLoads  round trips to the backing store's latency model for loads (null: no model)
 * @param delayedWrites round trips for batched writes (null: no model)
 */
public record StoreFigures(long hits, long misses, double hitRate, long evictions, long evictionWrites, long flushWrites, String backingStore,
                           Long delayedLoads, Long delayedWrites) {
}
