package io.readstates.store;

import io.readstates.store.registry.StoreKind;
import io.readstates.store.backing.HeapBackingStore;
import io.readstates.store.backing.OffHeapBackingStore;
import io.readstates.store.backing.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The behaviour every store shares (README.md, "The stores"), run over every {@link StoreKind}. */
class StoreConformanceTest {
    private final HeapBackingStore backing = new HeapBackingStore();
    private ReadStateStore store;

    private ReadStateStore open(StoreKind kind, long capacity) {
        store = StoreFixture.open(kind, capacity, backing);
        return store;
    }

    @AfterEach
    void invariantsHold() {
        if (store != null) {
            StoreFixture.checkInvariants(store);
            store.close();
        }
    }

    private static ReadState get(ReadStateStore s, long user, long channel) {
        ReadStateHolder h = new ReadStateHolder();
        s.get(user, channel, h);
        return h.toState(user, channel);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void unknownStateStartsAtZero(StoreKind kind) {
        ReadStateStore s = open(kind, 10);
        assertThat(get(s, 1, 2)).isEqualTo(new ReadState(1, 2, 0, 0));
        assertThat(s.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void ackKeepsTheHighestMessageAndClearsMentions(StoreKind kind) {
        ReadStateStore s = open(kind, 10);
        s.mention(1, 2, 50);
        s.mention(1, 2, 51);
        assertThat(get(s, 1, 2)).isEqualTo(new ReadState(1, 2, 0, 2));
        s.ack(1, 2, 100);
        s.mention(1, 2, 101);
        s.ack(1, 2, 90);
        assertThat(get(s, 1, 2)).isEqualTo(new ReadState(1, 2, 100, 0));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void staysWithinCapacityAndCommitsWhatItEvicts(StoreKind kind) {
        ReadStateStore s = open(kind, 4);
        for (int c = 0; c < 40; c++) {
            s.ack(1 + c % 5, c, 100 + c);
        }
        assertThat(s.size()).isLessThanOrEqualTo(4);
        assertThat(s.stats().evictions()).isPositive();
        java.util.Set<Long> resident = new java.util.HashSet<>();
        StoreFixture.resident(s).forEach(r -> resident.add(r.channelId()));
        ReadStateHolder h = new ReadStateHolder();
        for (int c = 0; c < 40; c++) {
            if (!resident.contains((long) c)) {
                assertThat(backing.load(1 + c % 5, c, h)).as("evicted state %d committed", c).isTrue();
                assertThat(h.lastMessageId).isEqualTo(100 + c);
            }
        }
        for (int c = 0; c < 40; c++) {
            assertThat(get(s, 1 + c % 5, c)).isEqualTo(new ReadState(1 + c % 5, c, 100 + c, 0));
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreKind.class, names = {"OBJECT_GRAPH", "PRIMITIVE_ARRAYS", "OFF_HEAP"})
    void evictsTheLeastRecentlyUsedAndCommitsItIfDirty(StoreKind kind) {
        assertThat(kind.strictLru()).isTrue();
        ReadStateStore s = open(kind, 3);
        s.ack(1, 1, 10);
        s.ack(1, 2, 20);
        s.ack(1, 3, 30);
        get(s, 1, 1);
        s.ack(1, 4, 40);
        assertThat(s.size()).isEqualTo(3);
        assertThat(StoreFixture.resident(s)).extracting(ReadState::channelId).containsExactlyInAnyOrder(1L, 3L, 4L);
        ReadStateHolder h = new ReadStateHolder();
        assertThat(backing.load(1, 2, h)).isTrue();
        assertThat(h.lastMessageId).isEqualTo(20);
        assertThat(s.stats().evictions()).isEqualTo(1);
        assertThat(get(s, 1, 2)).isEqualTo(new ReadState(1, 2, 20, 0));
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void flushMakesTheBackingStoreComplete(StoreKind kind) {
        ReadStateStore s = open(kind, 100);
        for (int c = 0; c < 50; c++) {
            s.ack(7, c, 1000 + c);
            s.mention(7, c, 2000);
        }
        s.flush();
        List<ReadState> expected = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            expected.add(new ReadState(7, c, 1000 + c, 1));
        }
        assertThat(StoreFixture.contents(backing)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void readyMergesTheBackingPartitionWithFresherResidentStates(StoreKind kind) {
        WriteBatch seed = new WriteBatch(4);
        seed.add(5, 1, 11, 1, 1);
        seed.add(5, 2, 22, 2, 1);
        seed.add(5, 3, 33, 3, 1);
        seed.add(6, 1, 99, 9, 1);
        backing.write(seed);
        ReadStateStore s = open(kind, 40);
        s.ack(5, 2, 25);
        List<ReadState> delivered = new ArrayList<>();
        int n = s.ready(5, (u, c, l, m) -> delivered.add(new ReadState(u, c, l, m)));
        assertThat(n).isEqualTo(3);
        assertThat(delivered).containsExactlyInAnyOrder(
                new ReadState(5, 1, 11, 1), new ReadState(5, 2, 25, 0), new ReadState(5, 3, 33, 3));
        assertThat(s.size()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void countsHitsAndMisses(StoreKind kind) {
        ReadStateStore s = open(kind, 10);
        s.ack(1, 1, 1);
        s.ack(1, 1, 2);
        get(s, 1, 1);
        assertThat(s.stats().misses()).isEqualTo(1);
        assertThat(s.stats().hits()).isEqualTo(2);
        assertThat(s.stats().hitRate()).isEqualTo(2.0 / 3);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void readyCountsResidentStatesAsHitsAndLoadedOnesAsMisses(StoreKind kind) {
        WriteBatch partition = new WriteBatch(3);
        for (int c = 1; c <= 3; c++) {
            partition.add(2, c, 10 * c, 0, 1);
        }
        backing.write(partition);
        ReadStateStore s = open(kind, 10);
        get(s, 2, 1);
        assertThat(s.ready(2, (u, c, l, m) -> { })).isEqualTo(3);
        assertThat(s.stats().misses()).as("the get's miss and the two states ready loaded").isEqualTo(3);
        assertThat(s.stats().hits()).as("the state the get made resident").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void worksOverTheOffHeapBackingStore(StoreKind kind) {
        try (OffHeapBackingStore offHeap = new OffHeapBackingStore(1000)) {
            try (ReadStateStore s = StoreFixture.open(kind, 4, offHeap)) {
                for (int c = 0; c < 20; c++) {
                    s.mention(3, c, 1);
                }
                s.flush();
                assertThat(offHeap.size()).isEqualTo(20);
                List<ReadState> delivered = new ArrayList<>();
                assertThat(s.ready(3, (u, c, l, m) -> delivered.add(new ReadState(u, c, l, m)))).isEqualTo(20);
                assertThat(delivered).allSatisfy(r -> assertThat(r.mentionCount()).isEqualTo(1));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void nothingAcknowledgedIsLostAcrossARestartOverAPersistedBackingStore(StoreKind kind, @TempDir Path dir) {
        Path file = dir.resolve("backing.db");
        try (OffHeapBackingStore persisted = OffHeapBackingStore.persistedTo(file, 1000);
             ReadStateStore s = StoreFixture.open(kind, 4, persisted)) {
            for (int c = 0; c < 20; c++) {
                s.ack(5, c, 100 + c);
                s.mention(5, c, 1);
            }
        }
        try (OffHeapBackingStore reopened = OffHeapBackingStore.persistedTo(file, 1000);
             ReadStateStore s = StoreFixture.open(kind, 4, reopened)) {
            assertThat(reopened.size()).isEqualTo(20);
            for (int c = 0; c < 20; c++) {
                assertThat(get(s, 5, c).lastMessageId()).isEqualTo(100 + c);
                assertThat(get(s, 5, c).mentionCount()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aSlowLoadDoesNotStallHitsOnOtherKeys(StoreKind kind) throws Exception {
        GatedBackingStore gated = new GatedBackingStore(99);
        try (ReadStateStore s = StoreFixture.open(kind, 100, gated)) {
            s.ack(1, 1, 10);
            Thread miss = Thread.ofPlatform().start(() -> get(s, 99, 1));
            assertThat(gated.entered.await(10, TimeUnit.SECONDS)).as("the miss reached the backing store").isTrue();
            ReadState hit = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> get(s, 1, 1),
                    "a hit on another key waited for the blocked load");
            assertThat(hit.lastMessageId()).isEqualTo(10);
            s.ack(1, 2, 20);
            gated.gate.countDown();
            miss.join();
            assertThat(get(s, 99, 1)).isEqualTo(new ReadState(99, 1, 0, 0));
        }
    }

    /**
     * Regression: {@code ready} read a partition, a flush then made a resident state newer than the
     * read and clean, and ready's own eviction pushed that state out before re-inserting it from
     * the stale read — losing its mention (found by {@link ConcurrencyStressTest}, once in many runs).
     */
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void readyNeverReinsertsAStateOlderThanTheOneItEvicted(StoreKind kind) throws Exception {
        GatedBackingStore gated = new GatedBackingStore(5, true);
        WriteBatch seed = new WriteBatch(2);
        seed.add(5, 1, 0, 0, 1);
        seed.add(5, 2, 0, 0, 1);
        gated.write(seed);
        try (ReadStateStore s = StoreFixture.open(kind, 2, gated)) {
            s.mention(5, 2, 10);
            get(s, 9, 9);
            List<ReadState> delivered = new ArrayList<>();
            Thread ready = Thread.ofPlatform().start(() -> s.ready(5, (u, c, l, m) -> delivered.add(new ReadState(u, c, l, m))));
            assertThat(gated.entered.await(10, TimeUnit.SECONDS)).as("ready read the partition").isTrue();
            s.flush();
            gated.gate.countDown();
            ready.join();
            assertThat(delivered).contains(new ReadState(5, 2, 0, 1));
            assertThat(get(s, 5, 2).mentionCount()).isEqualTo(1);
            s.flush();
            ReadStateHolder h = new ReadStateHolder();
            assertThat(gated.load(5, 2, h)).isTrue();
            assertThat(h.mentionCount).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void writeBehindFlushesOnItsOwn(StoreKind kind) throws InterruptedException {
        store = StoreFixture.open(kind, 10, Duration.ofSeconds(1), backing);
        store.ack(1, 1, 42);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ReadStateHolder h = new ReadStateHolder();
        while (!(backing.load(1, 1, h) && h.lastMessageId == 42) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(StoreFixture.contents(backing)).containsExactly(new ReadState(1, 1, 42, 0));
        assertThat(store.stats().flushWrites()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void rejectsANonPositiveCapacity(StoreKind kind) {
        assertThatThrownBy(() -> StoreFixture.open(kind, 0, backing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity must be > 0");
    }
}
