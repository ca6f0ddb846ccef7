package io.readstates.store.sharded;

import io.readstates.store.support.Hashing;
import io.readstates.store.BackgroundWork;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreStats;
import io.readstates.store.StoreType;
import io.readstates.store.backing.BackingStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /**
     * The sharded store as a store type: how many shards and which layout each is. These settings
     * belong to this store alone, so they live here, not on every store's {@link StoreConfig}; and the
     * layout is any {@link StoreType}, so this package needs the store contract only.
     *
     * @param shards    independent LRUs, each with a 1/N share of the capacity
     * @param shardType the store each shard is (not itself sharded)
     */
    public record Type(int shards, StoreType shardType) implements StoreType {
        public static final String NAME = "sharded";
        public static final int DEFAULT_SHARDS = 16;
        public static final int MAX_SHARDS = 4096;

        public Type {
            if (shards < 1 || shards > MAX_SHARDS) {
                throw new IllegalArgumentException("shards must be between 1 and " + MAX_SHARDS + ", got " + shards);
            }
            if (shardType == null || shardType instanceof Type || shardType.cliName().equals(NAME)) {
                throw new IllegalArgumentException("the sharded store's shards cannot themselves be sharded; pick a layout such as object-graph");
            }
        }

        @Override
        public String cliName() {
            return NAME;
        }

        @Override
        public String layout() {
            return shards + " independent LRUs of " + shardType.cliName() + ", partitioned by user";
        }

        /** Splits the capacity over the shards, each its own store of the shard type over the shared backing store. */
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            if (config.capacity() < shards) {
                throw new IllegalArgumentException("capacity " + config.capacity() + " is smaller than the number of shards " + shards
                        + "; use fewer shards (--shards) or a larger capacity");
            }
            List<ReadStateStore> stores = new ArrayList<>(shards);
            for (int i = 0; i < shards; i++) {
                long share = config.capacity() / shards + (i < config.capacity() % shards ? 1 : 0);
                stores.add(shardType.create(new StoreConfig(share, config.writeBehindDelay()), backing));
            }
            return new ShardedStore(stores);
        }

        @Override
        public Optional<String> unsupportedOn(int jdkFeature) {
            return shardType.unsupportedOn(jdkFeature).map(r -> "sharded over " + shardType.cliName() + ": " + r);
        }
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

    @Override
    public void reportBackgroundWork(BackgroundWork log) {
        for (ReadStateStore s : shards) {
            s.reportBackgroundWork(log);
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
