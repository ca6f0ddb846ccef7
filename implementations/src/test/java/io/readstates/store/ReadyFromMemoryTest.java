package io.readstates.store;

import io.readstates.store.registry.StoreKind;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.HeapBackingStore;
import io.readstates.store.backing.WriteBatch;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The B-tree's point: once a user's whole partition is resident, {@code ready} is a range scan in
 * memory with no backing-store read — until one of the user's states is evicted.
 */
class ReadyFromMemoryTest {
    /** Counts partition reads of the backing store. */
    static final class CountingBackingStore implements BackingStore {
        final HeapBackingStore inner = new HeapBackingStore();
        final AtomicInteger partitionReads = new AtomicInteger();

        @Override public boolean load(long u, long c, ReadStateHolder out) { return inner.load(u, c, out); }
        @Override public int loadPartition(long u, ReadStateSink sink) { partitionReads.incrementAndGet(); return inner.loadPartition(u, sink); }
        @Override public void write(WriteBatch batch) { inner.write(batch); }
        @Override public void forEach(ReadStateSink sink) { inner.forEach(sink); }
        @Override public long size() { return inner.size(); }
        @Override public long offHeapBytes() { return 0; }
        @Override public String describe() { return "counting"; }
        @Override public void close() { }
    }

    @Test
    void aResidentPartitionIsServedByARangeScan() {
        CountingBackingStore backing = new CountingBackingStore();
        WriteBatch seed = new WriteBatch(8);
        for (int c = 1; c <= 5; c++) {
            seed.add(7, c, 100 + c, c, 1);
        }
        seed.add(8, 1, 1, 1, 1);
        backing.write(seed);
        try (ReadStateStore store = StoreFixture.open(StoreKind.B_TREE, 6, backing)) {
            assertThat(store.ready(7, (u, c, l, m) -> { })).isEqualTo(5);
            assertThat(backing.partitionReads.get()).isEqualTo(1);
            store.mention(7, 3, 1);

            StringBuilder seen = new StringBuilder();
            assertThat(store.ready(7, (u, c, l, m) -> seen.append(c).append(':').append(m).append(' '))).isEqualTo(5);
            assertThat(backing.partitionReads.get()).as("served from memory").isEqualTo(1);
            assertThat(seen.toString()).isEqualTo("1:1 2:2 3:4 4:4 5:5 ");

            store.get(8, 1, new ReadStateHolder());
            store.get(8, 2, new ReadStateHolder());
            assertThat(store.ready(7, (u, c, l, m) -> { })).isEqualTo(5);
            assertThat(backing.partitionReads.get()).as("a state of user 7 was evicted, so the partition is read again").isEqualTo(2);
        }
    }

    @Test
    void hashLayoutsAlwaysReadThePartition() {
        CountingBackingStore backing = new CountingBackingStore();
        try (ReadStateStore store = StoreFixture.open(StoreKind.PRIMITIVE_ARRAYS, 6, backing)) {
            store.mention(7, 1, 1);
            store.ready(7, (u, c, l, m) -> { });
            store.ready(7, (u, c, l, m) -> { });
            assertThat(backing.partitionReads.get()).isEqualTo(2);
        }
    }
}
