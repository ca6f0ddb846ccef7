package io.readstates.store.engine;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.ForwardingBackingStore;
import io.readstates.store.backing.HeapBackingStore;
import io.readstates.store.backing.OffHeapBackingStore;
import io.readstates.store.backing.WriteBatch;
import io.readstates.store.layout.ObjectGraphLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression (issue 17): the write-behind flusher swept the layout and confirmed its writes under
 * the store's lock, and an operation arriving meanwhile waited for as long as the flusher was off
 * the CPU — flushing alone made the pointer-free stores' p99.9 twenty to forty times that with no
 * flush at 10M states. The operations now carry the sweep and the confirmation under the lock they
 * hold anyway; the flusher only writes, without the lock, while operations keep coming.
 */
class CarriedFlushTest {

    /**
     * Records, for the write-behind writes (versioned, unlike the creation of a new state; nothing is
     * evicted here), which thread made them and whether it held the store's lock, and can refuse the
     * first of them. A memory probe is a backing store the engine may write from the operations;
     * a probe around another backing store takes its flags from it.
     */
    private static final class Probe extends ForwardingBackingStore {
        final AtomicReference<WriteBehindLruStore> store = new AtomicReference<>();
        final AtomicInteger writesUnderLock = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger writesByTheFlusherThread = new AtomicInteger();
        final AtomicInteger refusalsLeft;
        final boolean memory;

        Probe(int refusals, boolean memory) {
            this(new HeapBackingStore(), refusals, memory);
        }

        Probe(BackingStore inner, int refusals, boolean memory) {
            super(inner);
            this.refusalsLeft = new AtomicInteger(refusals);
            this.memory = memory;
        }

        @Override
        public boolean loadsFromMemory() {
            return inner() instanceof HeapBackingStore ? memory : inner().loadsFromMemory();
        }

        @Override
        public boolean writesToMemory() {
            return inner() instanceof HeapBackingStore ? memory : inner().writesToMemory();
        }

        @Override
        public void write(WriteBatch batch) {
            if (batch.isEmpty() || batch.version(0) == 0) {
                super.write(batch);
                return;
            }
            if (Thread.currentThread().getName().equals("readstates-write-behind")) {
                writesByTheFlusherThread.incrementAndGet();
            }
            if (store.get().lockHeldByCurrentThread()) {
                writesUnderLock.incrementAndGet();
            }
            if (refusalsLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("backing store refused the write (test)");
            }
            writes.incrementAndGet();
            super.write(batch);
        }
    }

    /**
     * Acks 200 states over and over from this thread until the flusher has written at least
     * {@code writes} batches (at most 30 s), then returns each state's last acked message.
     */
    private static Map<Long, Long> operateUntilFlushed(WriteBehindLruStore store, Probe probe, int writes) {
        Map<Long, Long> model = new HashMap<>();
        ReadStateHolder h = new ReadStateHolder();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long message = 0;
        while (probe.writes.get() < writes && System.nanoTime() < deadline) {
            long channel = message % 200;
            store.ack(1, channel, ++message);
            model.put(channel, message);
            store.get(1, (message * 7) % 200, h);
        }
        return model;
    }

    @Test
    void whileOperationsKeepComingTheFlusherWritesWithoutEverHoldingTheStoresLock() {
        Probe probe = new Probe(0, false);
        AtomicInteger backgroundHolds = new AtomicInteger();
        try (WriteBehindLruStore store = new WriteBehindLruStore(new ObjectGraphLayout(1_000), probe, Duration.ofSeconds(1))) {
            probe.store.set(store);
            store.reportBackgroundWork((from, to) -> backgroundHolds.incrementAndGet());
            operateUntilFlushed(store, probe, 3);
            assertThat(probe.writes.get()).as("batches the flusher wrote while the operations ran").isGreaterThanOrEqualTo(3);
            assertThat(store.stats().flushWrites()).isPositive();
            assertThat(backgroundHolds.get()).as("stretches the flusher held the store's lock").isZero();
            assertThat(probe.writesUnderLock.get()).as("backing-store writes made under the store's lock").isZero();
            assertThat(probe.writesByTheFlusherThread.get()).as("a backing store that can be slow is written by the flusher thread")
                    .isEqualTo(probe.writes.get());
        }
    }

    @Test
    void aMemoryBackingStoreIsWrittenByTheOperationsOutsideTheLockAndNoOtherThreadWakes() {
        Probe probe = new Probe(0, true);
        AtomicInteger backgroundHolds = new AtomicInteger();
        try (WriteBehindLruStore store = new WriteBehindLruStore(new ObjectGraphLayout(1_000), probe, Duration.ofSeconds(1))) {
            probe.store.set(store);
            store.reportBackgroundWork((from, to) -> backgroundHolds.incrementAndGet());
            Map<Long, Long> model = operateUntilFlushed(store, probe, 20);
            assertThat(probe.writes.get()).as("write-behind writes while the operations ran").isGreaterThanOrEqualTo(20);
            assertThat(probe.writesByTheFlusherThread.get()).as("of them by the flusher thread").isZero();
            assertThat(probe.writesUnderLock.get()).as("made under the store's lock").isZero();
            assertThat(backgroundHolds.get()).as("stretches the flusher held the store's lock").isZero();
            assertThat(store.stats().flushWrites()).isPositive();
            store.flush();
            HeapBackingStore backing = (HeapBackingStore) probe.inner();
            ReadStateHolder h = new ReadStateHolder();
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertThat(backing.load(1, e.getKey(), h)).isTrue();
                assertThat(h.lastMessageId).as("channel %d", e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    /**
     * Regression: the operations wrote their captures whenever the backing store loaded from memory,
     * which a table persisted to a mapped file does — but its writes can wait for the kernel's
     * writeback, and the object graph's operations waited up to 30 ms in them at 4M states.
     */
    @Test
    void aTablePersistedToAMappedFileIsWrittenByTheFlusherThreadNotByTheOperations(@TempDir Path dir) {
        Probe probe = new Probe(OffHeapBackingStore.persistedTo(dir.resolve("backing.db"), 1_000), 0, false);
        try (WriteBehindLruStore store = new WriteBehindLruStore(new ObjectGraphLayout(1_000), probe, Duration.ofSeconds(1))) {
            probe.store.set(store);
            operateUntilFlushed(store, probe, 3);
            assertThat(probe.writes.get()).isGreaterThanOrEqualTo(3);
            assertThat(probe.writesByTheFlusherThread.get()).as("write-behind writes by the flusher thread").isEqualTo(probe.writes.get());
        }
        probe.close();
        try (OffHeapBackingStore memory = new OffHeapBackingStore(10)) {
            assertThat(memory.writesToMemory()).as("the in-memory table").isTrue();
        }
    }

    @ParameterizedTest(name = "written by the operations: {0}")
    @ValueSource(booleans = {false, true})
    void aRefusedWriteLeavesItsStatesDirtyAndTheyAreWrittenLaterWithNothingLost(boolean memory) {
        Probe probe = new Probe(2, memory);
        Map<Long, Long> model;
        try (WriteBehindLruStore store = new WriteBehindLruStore(new ObjectGraphLayout(1_000), probe, Duration.ofSeconds(1))) {
            probe.store.set(store);
            model = operateUntilFlushed(store, probe, 2);
            assertThat(probe.refusalsLeft.get()).as("both refusals happened").isNegative();
            assertThat(probe.writes.get()).as("batches written after the refusals").isGreaterThanOrEqualTo(2);
            HeapBackingStore backing = (HeapBackingStore) probe.inner();
            ReadStateHolder h = new ReadStateHolder();
            store.get(1, 0, h);
            assertThat(backing.size()).as("states in the backing store before close").isPositive();
        }
        HeapBackingStore backing = (HeapBackingStore) probe.inner();
        ReadStateHolder h = new ReadStateHolder();
        for (Map.Entry<Long, Long> e : model.entrySet()) {
            assertThat(backing.load(1, e.getKey(), h)).isTrue();
            assertThat(h.lastMessageId).as("channel %d", e.getKey()).isEqualTo(e.getValue());
        }
    }
}
