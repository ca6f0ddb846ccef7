package io.readstates.store.sharded;

import io.readstates.store.Hashing;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreKind;
import io.readstates.store.StoreStats;
import io.readstates.store.backing.BackingStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Discord's "many smaller LRUs per node" attempt: N independent stores of one layout, each with a
 * 1/N share of the capacity, its own lock and its own write-behind, partitioned by user so that a
 * user's states — and so {@code ready} — stay in one shard. On the JVM this spreads lock contention
 * but not marking work: the collector still traces every shard's objects.
 */
public final class ShardedStore implements ReadStateStore {
    private final ReadStateStore[] shards;
    private final long capacity;

    private ShardedStore(List<ReadStateStore> shards) {
        this.shards = shards.toArray(ReadStateStore[]::new);
        this.capacity = shards.stream().mapToLong(ReadStateStore::capacity).sum();
    }

    /** Splits {@code config.capacity()} over {@code config.shards()} stores of {@code config.shardLayout()}. */
    public static ShardedStore create(StoreConfig config, BackingStore backing) {
        int n = config.shards();
        if (config.capacity() < n) {
            throw new IllegalArgumentException("capacity " + config.capacity() + " is smaller than the number of shards " + n
                    + "; use fewer shards (--shards) or a larger capacity");
        }
        List<ReadStateStore> shards = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long share = config.capacity() / n + (i < config.capacity() % n ? 1 : 0);
            shards.add(config.shardLayout().create(new StoreConfig(share, config.writeBehindDelay(), 1, StoreKind.OBJECT_GRAPH), backing));
        }
        return new ShardedStore(shards);
    }

    private ReadStateStore shard(long userId) {
        return shards[(int) ((Hashing.mix(userId) >>> 1) % shards.length)];
    }

    @Override
    public void ack(long userId, long channelId, long messageId) {
        shard(userId).ack(userId, channelId, messageId);
    }

    @Override
    public void mention(long userId, long channelId, long messageId) {
        shard(userId).mention(userId, channelId, messageId);
    }

    @Override
    public void get(long userId, long channelId, ReadStateHolder out) {
        shard(userId).get(userId, channelId, out);
    }

    @Override
    public int ready(long userId, ReadStateSink sink) {
        return shard(userId).ready(userId, sink);
    }

    @Override
    public void flush() {
        for (ReadStateStore s : shards) {
            s.flush();
        }
    }

    @Override
    public long size() {
        long n = 0;
        for (ReadStateStore s : shards) {
            n += s.size();
        }
        return n;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public StoreStats stats() {
        StoreStats total = new StoreStats(0, 0, 0, 0, 0);
        for (ReadStateStore s : shards) {
            total = total.plus(s.stats());
        }
        return total;
    }

    @Override
    public long offHeapBytes() {
        long n = 0;
        for (ReadStateStore s : shards) {
            n += s.offHeapBytes();
        }
        return n;
    }

    @Override
    public void forEachResident(ReadStateSink sink) {
        for (ReadStateStore s : shards) {
            s.forEachResident(sink);
        }
    }

    /** The shards, for invariant checks. */
    public List<ReadStateStore> shards() {
        return List.of(shards);
    }

    @Override
    public void close() {
        for (ReadStateStore s : shards) {
            s.close();
        }
    }
}
