package io.readstates.harness.cell;

import io.readstates.harness.attribution.IntervalRing;
import io.readstates.harness.attribution.SlowOps;
import io.readstates.harness.latency.IntervalLog;
import io.readstates.harness.latency.LatencyRecorders;
import io.readstates.harness.latency.TimedBackingStore;
import io.readstates.results.ResultFiles;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.DelayedBackingStore;
import io.readstates.store.backing.OffHeapBackingStore;
import io.readstates.store.backing.WriteBatch;
import io.readstates.workload.Population;
import io.readstates.workload.trace.Trace;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * A cell's first phase: everything that exists before the measurement — the population, the trace
 * if one is replayed, the backing store preloaded with every state (the database exists before the
 * cache does), the latency recorders and interval log, and then the store with its cache filled as
 * a service's fills after a deploy. The store is built only after the caller has taken the heap
 * baseline ({@link FootprintProbe#baseline}), so the footprint is the store's alone.
 *
 * <p>Every histogram the measurement needs exists before the footprint's full collections: they are
 * then old, and a young collection in the window does not copy ~13 MB of them (at first they were
 * young and made each G1 young pause several ms longer).
 */
final class CellSetup implements AutoCloseable {
    private static final int PRELOAD_BATCH = 4096;
    /** Slow operations kept per cell; more are counted as dropped. */
    static final int SLOW_OPS = 1_000_000;
    static final int INTERVALS = 200_000;
    /** Shorter lock holds and backing-store calls cannot explain an operation above any sensible threshold. */
    private static final long STORE_WORK_MIN_NANOS = 20_000;
    private static final long OPERATION_PATH_MIN_NANOS = 10_000;

    final CellSpec spec;
    final Population population;
    /** The trace the window replays, or null. */
    final Trace trace;
    /** False under Epsilon: nothing can be collected, so nothing is forced. */
    final boolean collects;
    final LatencyRecorders recorders;
    final IntervalLog intervals;
    /** The store's backing store behind its latency model, as the cache sees it. */
    final BackingStore delayed;
    /** The same, timed per call: the window's load and write times. */
    final TimedBackingStore backing;
    /** The window's slow operations, and what may explain them: allocated here, before the footprint's baseline. */
    final SlowOps slowOps;
    final IntervalRing storeWork = new IntervalRing(STORE_WORK_MIN_NANOS, INTERVALS);
    final IntervalRing operationPathCalls = new IntervalRing(OPERATION_PATH_MIN_NANOS, INTERVALS);
    private final BackingStore raw;
    private final PrintStream log;

    private CellSetup(CellSpec spec, Path dir, PrintStream log) {
        this.spec = spec;
        this.log = log;
        CellSettings s = spec.settings();
        population = Population.of(s.workload(), spec.populationStates(), s.seed());
        log.printf("cell %s: %d states in the population, cache %d, %s%n", spec.id(), population.states(), spec.capacity(), spec.store());
        recorders = new LatencyRecorders();
        slowOps = new SlowOps(s.slowThreshold().toNanos(), SLOW_OPS);
        trace = s.trace() == null ? null : Trace.read(s.trace().file());
        if (trace != null) {
            log.printf("trace %s: %d operations%n", s.trace().file(), trace.size());
        }
        collects = !ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UseEpsilonGC");
        raw = s.backing().open(dir, population.states() + (trace == null ? 0 : trace.size()) + 1024);
        try {
            preload();
            if (raw instanceof OffHeapBackingStore table) {
                // written back now, so that the kernel's writeback of the preload does not land in the measured window
                table.sync();
            }
            delayed = s.backing().forCache(raw);
            backing = new TimedBackingStore(delayed);
            backing.recordOperationPath(operationPathCalls);
            intervals = new IntervalLog(recorders, dir.resolve(ResultFiles.LATENCY_LOG), s.interval().toMillis(),
                    "readstates-gc cell " + spec.id() + " values in nanoseconds; tags <op>.response (from intended start), <op>.service "
                            + "(from actual start), hiccup, start-lag");
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Builds the population and a preloaded backing store for {@code spec}; the caller closes it. */
    static CellSetup open(CellSpec spec, Path dir, PrintStream log) {
        return new CellSetup(spec, dir, log);
    }

    /** The store over the backing store, its cache filled; loads during the fill skip the latency model. */
    ReadStateStore buildStore() {
        CellSettings s = spec.settings();
        ReadStateStore store = s.storeType(spec.store()).create(new StoreConfig(spec.capacity(), s.writeBehind()), backing);
        store.reportBackgroundWork(storeWork);
        setDelaying(false);
        fillCache(store);
        setDelaying(true);
        return store;
    }

    private void setDelaying(boolean on) {
        if (delayed instanceof DelayedBackingStore d) {
            d.delaying(on);
        }
    }

    /** Writes every state of the population to the backing store. */
    private void preload() {
        WriteBatch batch = new WriteBatch(PRELOAD_BATCH);
        long written = 0;
        for (int u = 0; u < population.users(); u++) {
            long user = Population.userId(u);
            for (int k = 0; k < population.channelsOf(u); k++) {
                batch.add(user, population.channelId(u, k), 0, 0, 1);
                if (batch.size() == PRELOAD_BATCH) {
                    raw.write(batch);
                    written += batch.size();
                    batch.clear();
                }
            }
        }
        raw.write(batch);
        written += batch.size();
        log.printf("backing store preloaded: %d states (%s)%n", written, raw.describe());
    }

    /** Reads states until the cache is full, as a service's cache fills after a deploy. */
    private void fillCache(ReadStateStore store) {
        ReadStateHolder h = new ReadStateHolder();
        long filled = 0;
        long capacity = spec.capacity();
        for (int u = 0; u < population.users() && filled < capacity; u++) {
            long user = Population.userId(u);
            for (int k = 0; k < population.channelsOf(u) && filled < capacity; k++, filled++) {
                store.get(user, population.channelId(u, k), h);
            }
        }
        log.printf("cache filled: %d resident states%n", store.size());
    }

    @Override
    public void close() {
        raw.close();
    }
}
