package io.readstates.store;

import java.time.Duration;

/**
 * How to build a store: capacity in states and the write-behind delay (the service schedules a
 * Cassandra write 30 s after a change, batching many changes into few writes). Settings that only
 * one store has belong to that store's own type (the sharded store's shard count and layout are
 * in {@link io.readstates.store.sharded.ShardedStore.Type}), not here.
 */
public record StoreConfig(long capacity, Duration writeBehindDelay) {
    public static final Duration DEFAULT_WRITE_BEHIND = Duration.ofSeconds(30);

    public StoreConfig {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0 states, got " + capacity);
        }
        if (writeBehindDelay == null || writeBehindDelay.isNegative()) {
            throw new IllegalArgumentException("write-behind delay must be >= 0, got " + writeBehindDelay);
        }
    }

    public static StoreConfig of(long capacity) {
        return new StoreConfig(capacity, DEFAULT_WRITE_BEHIND);
    }
}
