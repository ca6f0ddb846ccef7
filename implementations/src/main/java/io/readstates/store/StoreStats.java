package io.readstates.store;

/**
 * What a store did: hits and misses (the hit rate in every report), evictions, and how many states
 * it wrote to the backing store by eviction and by write-behind flush.
 */
public record StoreStats(long hits, long misses, long evictions, long evictionWrites, long flushWrites) {

    public double hitRate() {
        long total = hits + misses;
        return total == 0 ? Double.NaN : (double) hits / total;
    }

    public StoreStats plus(StoreStats o) {
        return new StoreStats(hits + o.hits, misses + o.misses, evictions + o.evictions,
                evictionWrites + o.evictionWrites, flushWrites + o.flushWrites);
    }
}
