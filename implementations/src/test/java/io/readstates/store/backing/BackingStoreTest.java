package io.readstates.store.backing;

import io.readstates.store.ReadState;
import io.readstates.store.ReadStateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackingStoreTest {

    private static WriteBatch batch(long user, int channels, long lastMessageId, long version) {
        WriteBatch b = new WriteBatch(channels);
        for (int c = 0; c < channels; c++) {
            b.add(user, c, lastMessageId + c, c % 3, version);
        }
        return b;
    }

    @Test
    void aPersistedTableKeepsStatesPartitionsAndVersionsAcrossReopen(@TempDir Path dir) {
        Path file = dir.resolve("backing.db");
        try (OffHeapBackingStore s = OffHeapBackingStore.persistedTo(file, 100)) {
            s.write(batch(7, 10, 1000, 5));
            s.write(batch(8, 3, 50, 5));
        }
        try (OffHeapBackingStore s = OffHeapBackingStore.persistedTo(file, 100)) {
            assertThat(s.size()).isEqualTo(13);
            assertThat(s.users()).isEqualTo(2);
            List<ReadState> partition = new ArrayList<>();
            assertThat(s.loadPartition(7, (u, c, l, m) -> partition.add(new ReadState(u, c, l, m)))).isEqualTo(10);
            assertThat(partition).contains(new ReadState(7, 4, 1004, 1));
            s.write(batch(7, 1, 1, 4));
            ReadStateHolder h = new ReadStateHolder();
            assertThat(s.load(7, 0, h)).isTrue();
            assertThat(h.lastMessageId).as("an older version never overwrites a newer one, also after reopen").isEqualTo(1000);
            s.write(batch(9, 1, 9, 1));
        }
        try (OffHeapBackingStore s = OffHeapBackingStore.persistedTo(file, 100)) {
            assertThat(s.size()).isEqualTo(14);
            assertThat(s.describe()).contains("persisted");
        }
    }

    @Test
    void aFileMadeForAnotherSizeIsRefusedWithoutTouchingIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("backing.db");
        try (OffHeapBackingStore s = OffHeapBackingStore.persistedTo(file, 100)) {
            s.write(batch(1, 5, 1, 1));
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> OffHeapBackingStore.persistedTo(file, 5000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("another --population");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aFileThatIsNotABackingStoreIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("backing.db");
        try (OffHeapBackingStore s = OffHeapBackingStore.persistedTo(file, 100)) {
            s.sync();
        }
        long length = Files.size(file);
        Files.write(file, new byte[(int) length]);
        assertThatThrownBy(() -> OffHeapBackingStore.persistedTo(file, 100))
                .hasMessageContaining("is not a readstates-gc backing store file");
    }

    @Test
    void delayedLoadsAndWritesTakeAtLeastTheirRoundTripAndAreCounted() {
        try (DelayedBackingStore s = new DelayedBackingStore(new HeapBackingStore(),
                DelayDistribution.parse("fixed:3ms"), DelayDistribution.parse("fixed:5ms"))) {
            long t0 = System.nanoTime();
            s.write(batch(1, 4, 10, 1));
            long t1 = System.nanoTime();
            ReadStateHolder h = new ReadStateHolder();
            assertThat(s.load(1, 2, h)).isTrue();
            long t2 = System.nanoTime();
            assertThat(t1 - t0).isGreaterThanOrEqualTo(5_000_000);
            assertThat(t2 - t1).isGreaterThanOrEqualTo(3_000_000);
            assertThat(h.lastMessageId).isEqualTo(12);
            assertThat(s.delayedWrites()).isEqualTo(1);
            assertThat(s.delayedLoads()).isEqualTo(1);
            assertThat(s.loadDelayNanos()).isEqualTo(3_000_000);
            assertThat(s.describe()).contains("load fixed:3ms").contains("batch write fixed:5ms");
        }
    }

    @Test
    void roundTripsCanBeTurnedOffWhileAHarnessFillsTheCache() {
        try (DelayedBackingStore s = new DelayedBackingStore(new HeapBackingStore(),
                DelayDistribution.parse("fixed:1s"), DelayDistribution.parse("fixed:1s"))) {
            s.delaying(false);
            s.write(batch(1, 4, 10, 1));
            assertThat(s.load(1, 2, new ReadStateHolder())).isTrue();
            assertThat(s.delayedLoads() + s.delayedWrites()).isZero();
        }
    }

    @Test
    void noDelayMeansTheInnerStoreItself() {
        HeapBackingStore inner = new HeapBackingStore();
        assertThat(DelayedBackingStore.wrap(inner, DelayDistribution.NONE, DelayDistribution.parse("none"))).isSameAs(inner);
    }
}
