package io.readstates.results;

/**
 * The cache's own counters over the measured window, and what its backing store cost.
 *
 * @param delayedLoads  round trips to the backing store's latency model for loads (null: no model)
 * @param delayedWrites round trips for batched writes (null: no model)
 * @param backingLoads  time of each backing-store load (a miss, or a partition read for ready), ms
 * @param backingWrites time of each batched backing-store write, ms
 */
public record StoreFigures(long hits, long misses, double hitRate, long evictions, long evictionWrites, long flushWrites, String backingStore,
                           Long delayedLoads, Long delayedWrites, LatencySummary backingLoads, LatencySummary backingWrites) {
}
