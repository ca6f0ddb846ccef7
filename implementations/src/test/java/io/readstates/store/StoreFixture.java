package io.readstates.store;

import io.readstates.store.registry.StoreKind;
import io.readstates.store.registry.StoreTypes;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.engine.WriteBehindLruStore;
import io.readstates.store.redis.RedisStore;
import io.readstates.store.sharded.ShardedStore;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;

/** Shared helpers for store tests: dumps and the invariant check every test ends with. */
final class StoreFixture {
    private StoreFixture() {
    }

    /** Resident states, most recently used first when the store knows its order. */
    static List<ReadState> resident(ReadStateStore store) {
        List<ReadState> out = new ArrayList<>();
        store.forEachResident((u, c, l, m) -> out.add(new ReadState(u, c, l, m)));
        return out;
    }

    static List<ReadState> contents(BackingStore backing) {
        List<ReadState> out = new ArrayList<>();
        backing.forEach((u, c, l, m) -> out.add(new ReadState(u, c, l, m)));
        out.sort(ReadState.BY_KEY);
        return out;
    }

    /** A test store: no background flusher unless asked; the sharded store gets up to 4 shards of the object graph. */
    static ReadStateStore open(StoreKind kind, long capacity, Duration writeBehind, BackingStore backing) {
        return StoreTypes.withShards(kind, (int) Math.max(1, Math.min(4, capacity)), StoreKind.OBJECT_GRAPH).create(new StoreConfig(capacity, writeBehind), backing);
    }

    static ReadStateStore open(StoreKind kind, long capacity, BackingStore backing) {
        return open(kind, capacity, Duration.ZERO, backing);
    }

    /** Checks size ≤ capacity and, where the store exposes them, its structural invariants. */
    static void checkInvariants(ReadStateStore store) {
        if (store.size() > store.capacity()) {
            throw new AssertionError("size " + store.size() + " > capacity " + store.capacity());
        }
        if (store instanceof WriteBehindLruStore s) {
            s.checkInvariants();
        }
        if (store instanceof RedisStore s) {
            s.checkInvariants();
        }
        if (store instanceof ShardedStore s) {
            s.shards().forEach(StoreFixture::checkInvariants);
        }
    }

    /**
     * How many operations a long randomized test gives a store: the Redis store pays a loopback
     * round trip (and the checks a few more) per call, so it gets an eighth of them — still
     * thousands of evictions and flushes — to keep the default test run within minutes.
     */
    static int operations(StoreKind kind, int operations) {
        return kind == StoreKind.REDIS ? operations / 8 : operations;
    }
}
