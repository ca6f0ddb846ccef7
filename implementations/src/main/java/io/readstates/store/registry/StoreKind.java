package io.readstates.store.registry;

import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreType;
import io.readstates.store.support.FfmSupport;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.caffeine.CaffeineStore;
import io.readstates.store.chronicle.ChronicleLayout;
import io.readstates.store.redis.RedisStore;
import io.readstates.store.sharded.ShardedStore;
import io.readstates.store.engine.WriteBehindLruStore;
import io.readstates.store.layout.ArrayColumns;
import io.readstates.store.layout.BTreeSlotIndex;
import io.readstates.store.layout.ObjectGraphLayout;
import io.readstates.store.layout.SlotColumns;
import io.readstates.store.layout.SlotLruLayout;

import java.util.Optional;

/**
 * Every built-in store, by the name users type. The one list of implementations: the conformance
 * suite, the JMH benchmarks and the matrix all iterate over it, so adding a store is adding one
 * constant here. Names are resolved, with user-supplied stores, by {@link StoreTypes}. The sharded
 * constant builds the default sharding (16 shards of the object graph); other shardings are
 * {@link ShardedStore.Type}s.
 */
public enum StoreKind implements StoreType {
    /** Node objects in a chained hash table plus a linked LRU list: the Go service's layout. */
    OBJECT_GRAPH("object-graph", "node objects + linked LRU list (the Go service)") {
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            return new WriteBehindLruStore(new ObjectGraphLayout(config.capacity()), backing, config.writeBehindDelay());
        }
    },
    /** Parallel primitive arrays with int LRU links: a few pointer-free arrays for the collector. */
    PRIMITIVE_ARRAYS("primitive-arrays", "parallel primitive arrays, int LRU links") {
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            return new WriteBehindLruStore(new SlotLruLayout(config.capacity(), ArrayColumns::new), backing, config.writeBehindDelay());
        }
    },
    /** The same slots in FFM native memory: nothing on the heap per state (the Rust rewrite's analogue). */
    OFF_HEAP("off-heap", "FFM MemorySegment records and index, outside the heap") {
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            FfmSupport.require(OFF_HEAP_NEEDS_FFM);
            return new WriteBehindLruStore(new SlotLruLayout(config.capacity(), (slots, indexLength) -> FfmSupport.construct(SEGMENT_COLUMNS,
                    SlotColumns.class, new Class<?>[] {int.class, int.class}, slots, indexLength)), backing, config.writeBehindDelay());
        }

        @Override
        public Optional<String> unsupportedOn(int jdkFeature) {
            return FfmSupport.unavailableOn(jdkFeature, OFF_HEAP_NEEDS_FFM);
        }
    },
    /** A B+tree ordered by (user, channel) over growing columns: {@code ready} is a range scan (Rust's BTreeMap). */
    B_TREE("b-tree", "B+tree ordered by (user, channel) over growing primitive columns") {
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            return new WriteBehindLruStore(new SlotLruLayout(config.capacity(), ArrayColumns::growing, (cols, cap) -> new BTreeSlotIndex(), 0),
                    backing, config.writeBehindDelay());
        }
    },
    /** Chronicle Map holding the states off heap, with an LRU policy on top (Chronicle Map has none). */
    CHRONICLE_MAP("chronicle-map", "Chronicle Map entries off heap, LRU slot links in off-heap memory") {
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            return new WriteBehindLruStore(new ChronicleLayout(config.capacity()), backing, config.writeBehindDelay());
        }
    },
    /** A Caffeine bounded cache of mutable state objects: what a Java team picks first (W-TinyLFU, not strict LRU). */
    CAFFEINE("caffeine", "Caffeine cache of record keys and mutable state objects", false) {
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            return new CaffeineStore(config.capacity(), backing, config.writeBehindDelay());
        }
    },
    /** States in a redis-server on loopback, one Lua-script round trip per operation: the external-cache option. */
    REDIS("redis", "states in a redis-server on loopback, one Lua script call per operation (external cache)") {
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            return new RedisStore(config.capacity(), backing, config.writeBehindDelay());
        }
    },
    /** N independent LRUs partitioned by user: Discord's "many smaller caches" attempt. */
    SHARDED("sharded", "N independent LRUs of one layout, partitioned by user", false) {
        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            return new ShardedStore.Type(ShardedStore.Type.DEFAULT_SHARDS, OBJECT_GRAPH).create(config, backing);
        }
    };

    /** Built for Java 25 (src/main/java25); named only here and loaded through {@link FfmSupport}. */
    private static final String SEGMENT_COLUMNS = "io.readstates.store.layout.SegmentColumns";
    private static final String OFF_HEAP_NEEDS_FFM = "the off-heap store (FFM MemorySegment records)";

    private final String cliName;
    private final String layout;
    private final boolean strictLru;

    StoreKind(String cliName, String layout) {
        this(cliName, layout, true);
    }

    StoreKind(String cliName, String layout, boolean strictLru) {
        this.cliName = cliName;
        this.layout = layout;
        this.strictLru = strictLru;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    @Override
    public String layout() {
        return layout;
    }

    /**
     * True when the store evicts exactly the least recently used state, so that a reference LRU
     * predicts its resident set; Caffeine (W-TinyLFU) and the sharded store (LRU per shard) do not.
     */
    public boolean strictLru() {
        return strictLru;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
