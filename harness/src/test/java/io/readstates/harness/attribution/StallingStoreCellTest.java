package io.readstates.harness.attribution;

import io.readstates.harness.cell.CellRunner;
import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.CellSpec;
import io.readstates.results.AttributionFigures;
import io.readstates.results.CellResult;
import io.readstates.store.BackgroundWork;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreStats;
import io.readstates.store.StoreType;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.registry.StoreKind;
import io.readstates.workload.WorkloadSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real cell, run in this JVM, over a store that stalls on its own: every 50 ms its background
 * thread holds the store's lock for 8 ms and says so, as the LRU engine's flusher does. Its slow
 * operations must be the store's, not the collector's.
 */
class StallingStoreCellTest {

    /** Primitive arrays behind one lock that a background thread takes for 8 ms every 50 ms. */
    static final class StallingStore implements ReadStateStore {
        private final ReadStateStore inner;
        private final ReentrantLock lock = new ReentrantLock();
        private final Thread staller;
        private volatile BackgroundWork work = BackgroundWork.NONE;
        private volatile boolean open = true;

        StallingStore(ReadStateStore inner) {
            this.inner = inner;
            staller = new Thread(() -> {
                while (open) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                    lock.lock();
                    long from = System.nanoTime();
                    try {
                        long until = from + 8_000_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    } finally {
                        lock.unlock();
                        work.heldLock(from, System.nanoTime());
                    }
                }
            }, "stalling-store-background");
            staller.setDaemon(true);
            staller.start();
        }

        private void locked(Runnable r) {
            lock.lock();
            try {
                r.run();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void ack(long userId, long channelId, long messageId) {
            locked(() -> inner.ack(userId, channelId, messageId));
        }

        @Override
        public void mention(long userId, long channelId, long messageId) {
            locked(() -> inner.mention(userId, channelId, messageId));
        }

        @Override
        public void get(long userId, long channelId, ReadStateHolder out) {
            locked(() -> inner.get(userId, channelId, out));
        }

        @Override
        public int ready(long userId, ReadStateSink sink) {
            lock.lock();
            try {
                return inner.ready(userId, sink);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void reportBackgroundWork(BackgroundWork log) {
            work = log;
        }

        @Override
        public void flush() {
            inner.flush();
        }

        @Override
        public long size() {
            return inner.size();
        }

        @Override
        public long capacity() {
            return inner.capacity();
        }

        @Override
        public StoreStats stats() {
            return inner.stats();
        }

        @Override
        public long offHeapBytes() {
            return inner.offHeapBytes();
        }

        @Override
        public void forEachResident(ReadStateSink sink) {
            inner.forEachResident(sink);
        }

        @Override
        public void close() {
            open = false;
            staller.interrupt();
            inner.close();
        }
    }

    /** The store as the plugin door sees it. */
    static final class StallingStoreType implements StoreType {
        @Override
        public String cliName() {
            return "stalling-test-store";
        }

        @Override
        public String layout() {
            return "primitive arrays behind a lock a background thread holds for 8 ms every 50 ms";
        }

        @Override
        public ReadStateStore create(StoreConfig config, BackingStore backing) {
            return new StallingStore(StoreKind.PRIMITIVE_ARRAYS.create(config, backing));
        }
    }

    @Test
    void aStoreThatStallsOnItsOwnGetsItsSlowOperationsNotTheCollector(@TempDir Path dir) throws Exception {
        CellSpec spec = new CellSpec("stalling-test", new StallingStoreType(), 20_000, CellSpec.Labels.AS_STARTED, 1, "test", null, null,
                CellSettings.builder().workload(WorkloadSpec.RESIDENT).rate(5_000).duration(Duration.ofSeconds(3)).warmup(Duration.ofMillis(500))
                        .writeBehind(Duration.ZERO).slowThreshold(Duration.ofMillis(2)).build());
        CellResult r = new CellRunner(new PrintStream(OutputStream.nullOutputStream())).run(spec, dir);

        AttributionFigures a = r.attribution();
        assertThat(a.captured()).as("about 60 stalls of 8 ms at 5k ops/s hold up dozens of operations each").isGreaterThan(100);
        Map<String, Long> byCause = a.all().operationsByCause();
        long store = byCause.getOrDefault("store-lock", 0L);
        // A shared 2-core machine also preempts the driver now and then: those operations (and the ones
        // queued behind them) are rightly "unexplained"/"queueing", so the store's share of all of them
        // is high but not total; of the operations with a recorded cause, it must be nearly all.
        long withRecordedCause = a.all().operations() - byCause.getOrDefault("unexplained", 0L) - byCause.getOrDefault("queueing", 0L);
        assertThat((double) store / a.all().operations()).as("share of slow operations attributed to the store: " + byCause)
                .isGreaterThanOrEqualTo(0.75);
        assertThat((double) store / withRecordedCause).as("share of operations with a recorded cause that are the store's: " + byCause)
                .isGreaterThanOrEqualTo(0.95);
        assertThat(a.all().collectorShare()).isLessThan(0.1);
        List<String> csv = Files.readAllLines(dir.resolve(SlowOpReport.CSV));
        assertThat(csv.get(0)).startsWith("intended_ms,start_ms,end_ms,response_ms,op,worker,cause");
        assertThat(csv).hasSize((int) a.captured() + 1);
        assertThat(csv.subList(1, csv.size())).filteredOn(l -> l.contains(",store-lock,")).hasSizeGreaterThanOrEqualTo((int) store);
    }
}
