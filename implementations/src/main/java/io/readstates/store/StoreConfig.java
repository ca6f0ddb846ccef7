package io.readstates.store;

import java.time.Duration;

/**
 * How to build a store: capacity in states, the write-behind delay (the service schedules a
 * Cassandra write 30 s after a change, batching many changes into few writes), and for the sharded
 * store the number of shards and the layout of each.
 */
public record StoreConfig(long capacity, Duration writeBehindDelay, int shards, StoreKind shardLayout) {
    public static final Duration DEFAULT_WRITE_BEHIND = Duration.ofSeconds(30);
    public static final int DEFAULT_SHARDS = 16;

    public StoreConfig {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0 states, got " + capacity);
        }
        if (writeBehindDelay == null || writeBehindDelay.isNegative()) {
            throw new IllegalArgumentException("write-behind delay must be >= 0, got " + writeBehindDelay);
        }
        if (shards < 1 || shards > 4096) {
            throw new IllegalArgumentException("shards must be between 1 and 4096, got " + shards);
        }
        if (shardLayout == StoreKind.SHARDED) {
            throw new IllegalArgumentException("the sharded store's shards cannot themselves be sharded; pick a layout such as object-graph");
        }
    }

    public StoreConfig(long capacity, Duration writeBehindDelay) {
        this(capacity, writeBehindDelay, DEFAULT_SHARDS, StoreKind.OBJECT_GRAPH);
    }

    public static StoreConfig of(long capacity) {
        return new StoreConfig(capacity, DEFAULT_WRITE_BEHIND);
    }
}
