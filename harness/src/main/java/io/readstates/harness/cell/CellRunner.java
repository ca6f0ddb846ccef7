package io.readstates.harness.cell;

import com.sun.management.OperatingSystemMXBean;
import io.readstates.harness.driver.OpenLoopDriver;
import io.readstates.harness.driver.Schedule;
import io.readstates.harness.driver.StoreTarget;
import io.readstates.harness.gc.AllocatedBytes;
import io.readstates.harness.gc.ClassHistogram;
import io.readstates.harness.gc.GcRecording;
import io.readstates.harness.gc.GcSummaries;
import io.readstates.harness.gc.GcThreadCpu;
import io.readstates.harness.latency.HiccupMeter;
import io.readstates.harness.latency.IntervalLog;
import io.readstates.harness.latency.LatencyRecorders;
import io.readstates.harness.latency.TimedBackingStore;
import io.readstates.report.model.CellDescription;
import io.readstates.report.model.CellResult;
import io.readstates.report.model.Environment;
import io.readstates.report.model.Footprint;
import io.readstates.report.model.GcFigures;
import io.readstates.report.model.LatencySummary;
import io.readstates.report.model.ResultFiles;
import io.readstates.report.model.RunFigures;
import io.readstates.report.model.StoreFigures;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreConfig;
import io.readstates.store.StoreStats;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.DelayedBackingStore;
import io.readstates.store.backing.OffHeapBackingStore;
import io.readstates.store.backing.WriteBatch;
import io.readstates.workload.OperationSource;
import io.readstates.workload.OperationStream;
import io.readstates.workload.OperationType;
import io.readstates.workload.Population;
import io.readstates.workload.trace.Trace;
import io.readstates.workload.trace.TraceLane;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Runs one cell in this JVM: build the population and the backing store, preload, build
 * the store and fill the cache, warm up, then drive the measured window with the interval log,
 * the hiccup meter, the JFR recording and the GC-thread CPU readings running, and write
 * {@code cell.json}.
 *
 * <p>Order matters: the footprint is the heap after a full collection once the cache is full,
 * minus the same taken when everything but the store existed — both before the warm-up; one more
 * full collection after the warm-up ({@link #settle}) leaves the young generation empty when the
 * window starts. No forced collection ever lands inside the measured window.
 */
public final class CellRunner {
    private final PrintStream log;

    public CellRunner(PrintStream log) {
        this.log = log;
    }

    public CellResult run(CellSpec spec, Path dir) throws Exception {
        Files.createDirectories(dir);
        try {
            return measure(spec, dir);
        } finally {
            if (spec.backing().persistedFile() && !spec.backing().keepFile()) {
                BackingSpec.deleteFile(dir);
            }
        }
    }

    private CellResult measure(CellSpec spec, Path dir) throws Exception {
        Instant startedAt = Instant.now();
        List<String> notes = new ArrayList<>();
        long populationStates = spec.populationStates();
        Population population = Population.of(spec.workload(), populationStates, spec.seed());
        log.printf("cell %s: %d states in the population, cache %d, %s%n", spec.id(), population.states(), spec.capacity(), spec.store());
        LatencyRecorders recorders = new LatencyRecorders();
        Trace trace = spec.trace() == null ? null : Trace.read(spec.trace().file());
        if (trace != null) {
            log.printf("trace %s: %d operations%n", spec.trace().file(), trace.size());
        }
        boolean collects = !ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UseEpsilonGC");
        try (BackingStore raw = spec.backing().open(dir, population.states() + (trace == null ? 0 : trace.size()) + 1024)) {
            preloadBacking(population, raw);
            if (raw instanceof OffHeapBackingStore table) {
                // written back now, so that the kernel's writeback of the preload does not land in the measured window
                table.sync();
            }
            BackingStore delayed = spec.backing().forCache(raw);
            TimedBackingStore backing = new TimedBackingStore(delayed);
            // Every histogram the measurement needs exists before the full collections below: they
            // are then old, and a young collection in the window does not copy ~13 MB of them
            // (at first they were young and made each G1 young pause several ms longer).
            IntervalLog intervals = new IntervalLog(recorders, dir.resolve(ResultFiles.LATENCY_LOG), spec.interval().toMillis(),
                    "readstates-gc cell " + spec.id() + " values in nanoseconds; tags <op>.response (from intended start), <op>.service (from actual start), hiccup, start-lag");
            HeapBaseline heapBefore = heapBaseline(collects);
            try (ReadStateStore store = spec.store().create(new StoreConfig(spec.capacity(), spec.writeBehind(), spec.shards(), spec.shardLayout()), backing)) {
                setDelaying(delayed, false);
                fillCache(population, store, spec.capacity());
                setDelaying(delayed, true);
                Footprint footprint = footprint(store, heapBefore, collects, notes);
                int workers = spec.workers();
                List<OpenLoopDriver.Lane> lanes = lanes(workers, store, w -> new OperationStream(population, spec.workload(), spec.seed(), w, workers));
                OpenLoopDriver driver = new OpenLoopDriver(Schedule.fixedRate(spec.rate()), recorders, spec.waitStrategy());
                Schedule schedule = trace == null ? Schedule.fixedRate(spec.rate()) : spec.trace().schedule(trace, spec.rate());
                Duration window = trace == null ? spec.duration() : Schedule.lengthOf(schedule, trace.size());
                List<OpenLoopDriver.Lane> measuredLanes = trace == null ? lanes : lanes(workers, store, w -> new TraceLane(trace, w, workers));
                var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                StoreStats statsBefore;
                long[] delayedBefore;
                OpenLoopDriver.Outcome outcome;
                Instant windowStart;
                Instant windowEnd;
                GcThreadCpu.Snapshot cpuBefore;
                GcThreadCpu.Snapshot cpuAfter;
                long processCpuBefore;
                long processCpuAfter;
                long allocatedBefore;
                long allocatedAfter;
                // JFR and the hiccup meter start before the warm-up: starting a recording costs a burst of work
                // (threads, chunk files, a safepoint) that must not land in the first measured interval.
                try (GcRecording recording = new GcRecording(dir.resolve(ResultFiles.JFR));
                     HiccupMeter hiccups = new HiccupMeter(recorders)) {
                    recording.start();
                    hiccups.start();
                    long allocatedBeforeWarmup = AllocatedBytes.total();
                    long warmupStart = System.nanoTime();
                    if (!spec.warmup().isZero()) {
                        log.printf("warm-up %s s%n", spec.warmup().toSeconds());
                        driver.run(lanes, spec.warmup(), spec.warmup());
                    }
                    if (!collects) {
                        checkEpsilonHeap(AllocatedBytes.total() - allocatedBeforeWarmup, System.nanoTime() - warmupStart, window, notes);
                    }
                    settle(collects, notes);
                    log.printf("measuring %.1f s: %s%n", window.toMillis() / 1000.0, schedule.describe());
                    statsBefore = store.stats();
                    delayedBefore = roundTrips(delayed);
                    backing.reset();
                    cpuBefore = GcThreadCpu.snapshot();
                    processCpuBefore = os.getProcessCpuTime();
                    allocatedBefore = AllocatedBytes.total();
                    intervals.discardSoFar();
                    windowStart = Instant.now();
                    intervals.start();
                    outcome = new OpenLoopDriver(schedule, recorders, spec.waitStrategy()).run(measuredLanes, window, window.dividedBy(2).plusSeconds(5));
                    intervals.close();
                    windowEnd = Instant.now();
                    allocatedAfter = AllocatedBytes.total();
                    processCpuAfter = os.getProcessCpuTime();
                    cpuAfter = GcThreadCpu.snapshot();
                }
                StoreStats stats = minus(store.stats(), statsBefore);
                double elapsed = Duration.between(windowStart, windowEnd).toNanos() / 1e9;
                GcFigures gc = GcSummaries.summarise(dir.resolve(ResultFiles.JFR), windowStart, windowEnd, cpuBefore, cpuAfter,
                        (processCpuAfter - processCpuBefore) / 1e6, outcome.cpuNanos() / 1e6);
                if (cpuBefore.nanosByGroup().isEmpty() && cpuAfter.nanosByGroup().isEmpty()) {
                    notes.add("GC thread CPU not measured: /proc/self/task is not readable here");
                }
                notes.add(String.format(Locale.ROOT, "core budget: %d cores shared by the store, the driver and the collector; the driver "
                        + "waited with '%s' and used %.2f cores (%.0f ms CPU), the GC threads %.2f cores (%.1f %% of the machine)",
                        gc.cores(), spec.waitStrategy().cliName(), gc.driverCpuMs() / Math.max(1, elapsedMs(windowStart, windowEnd)),
                        gc.driverCpuMs(), gc.gcCores(), gc.gcMachineShare() * 100));
                double requested = outcome.scheduled() / (window.toNanos() / 1e9);
                RunFigures run = new RunFigures(requested, outcome.achievedRate(), outcome.scheduled(), outcome.completed(),
                        outcome.elapsedNanos() / 1e9, outcome.maxLagNanos() / 1e6, windowStart.toEpochMilli(), windowEnd.toEpochMilli(),
                        spec.interval().toMillis() / 1000.0, (allocatedAfter - allocatedBefore) / elapsed, outcome.allocatedBytes());
                String status = outcome.keptUp() ? "ok" : "behind";
                String error = outcome.keptUp() ? null : String.format("the store could not keep up: %d of %d scheduled operations ran before the deadline; "
                        + "the others are recorded at (deadline - intended start), so every response-time figure is a lower bound",
                        outcome.completed(), outcome.scheduled());
                Map<String, Histogram> totals = intervals.totals();
                CellResult result = new CellResult(CellResult.SCHEMA, status, error, describe(spec, population.states(), trace == null ? null : schedule.describe() + " from " + spec.trace().file() + " (" + trace.size() + " operations)",
                        requested, window), environment(spec, startedAt),
                        run, summaries(totals, "response"), summaries(totals, "service"), summary(totals.get("hiccup")),
                        gc, footprint,
                        storeFigures(stats, delayed, delayedBefore, backing),
                        notes);
                ResultFiles.writeAtomically(dir.resolve(ResultFiles.CELL_JSON), result);
                log.printf("done: %s, p99.9 %.3f ms, max %.3f ms, %d GC pauses (max %.1f ms)%n", status,
                        result.responseTime().get("all").p999(), result.responseTime().get("all").max(), gc.pauseCount(), gc.pauseMaxMs());
                return result;
            }
        }
    }

    private static double elapsedMs(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    /** One lane per driver worker, each with its own operation source and a target over the store. */
    private static List<OpenLoopDriver.Lane> lanes(int workers, ReadStateStore store, IntFunction<OperationSource> source) {
        List<OpenLoopDriver.Lane> out = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            out.add(new OpenLoopDriver.Lane(source.apply(w), new StoreTarget(store)));
        }
        return out;
    }

    private static void setDelaying(BackingStore backing, boolean on) {
        if (backing instanceof DelayedBackingStore d) {
            d.delaying(on);
        }
    }

    /** Delayed loads and batch writes so far, when the backing store has a latency model. */
    private static long[] roundTrips(BackingStore backing) {
        return backing instanceof DelayedBackingStore d ? new long[] {d.delayedLoads(), d.delayedWrites()} : null;
    }

    private static StoreFigures storeFigures(StoreStats stats, BackingStore backing, long[] before, TimedBackingStore timed) {
        long[] after = roundTrips(backing);
        return new StoreFigures(stats.hits(), stats.misses(), stats.hitRate(), stats.evictions(), stats.evictionWrites(), stats.flushWrites(),
                backing.describe(), after == null ? null : after[0] - before[0], after == null ? null : after[1] - before[1],
                summary(timed.loadTimes()), summary(timed.writeTimes()));
    }

    private static StoreStats minus(StoreStats a, StoreStats b) {
        return new StoreStats(a.hits() - b.hits(), a.misses() - b.misses(), a.evictions() - b.evictions(),
                a.evictionWrites() - b.evictionWrites(), a.flushWrites() - b.flushWrites());
    }

    /** Writes every state of the population to the backing store: the database exists before the cache does. */
    private void preloadBacking(Population population, BackingStore backing) {
        WriteBatch batch = new WriteBatch(4096);
        long written = 0;
        for (int u = 0; u < population.users(); u++) {
            long user = Population.userId(u);
            for (int k = 0; k < population.channelsOf(u); k++) {
                batch.add(user, population.channelId(u, k), 0, 0, 1);
                if (batch.size() == 4096) {
                    backing.write(batch);
                    written += batch.size();
                    batch.clear();
                }
            }
        }
        backing.write(batch);
        written += batch.size();
        log.printf("backing store preloaded: %d states (%s)%n", written, backing.describe());
    }

    /** Reads states until the cache is full, as a service's cache fills after a deploy. */
    private void fillCache(Population population, ReadStateStore store, long capacity) {
        ReadStateHolder h = new ReadStateHolder();
        long filled = 0;
        for (int u = 0; u < population.users() && filled < capacity; u++) {
            long user = Population.userId(u);
            for (int k = 0; k < population.channelsOf(u) && filled < capacity; k++, filled++) {
                store.get(user, population.channelId(u, k), h);
            }
        }
        log.printf("cache filled: %d resident states%n", store.size());
    }

    /**
     * One full collection between the warm-up and the window. What the recording's start-up, the
     * warm-up and the lanes left live since the footprint collections would otherwise sit in the
     * young generation, and the window's young collections would copy it — a cost of the harness,
     * not of the store (an off-heap G1 cell at 10M states: 10 survivor regions at the first
     * periodic pause without it, 8 with it). A real service's long-lived data was promoted long
     * ago; this is that state. The collection ends before the window starts, so it is not measured.
     * It also restarts the periodic-collection timers, so the first forced cycle comes one period
     * (G1: one to two periods) into the window.
     */
    private void settle(boolean collects, List<String> notes) {
        if (collects) {
            long t0 = System.nanoTime();
            System.gc();
            String done = String.format(Locale.ROOT, "settled: one full collection after the warm-up, before the window (%.0f ms)",
                    (System.nanoTime() - t0) / 1e6);
            log.println(done);
            notes.add(done);
        }
    }

    /**
     * Under Epsilon nothing is ever freed: if the warm-up's allocation rate, kept up for the window
     * and its grace, would need more than the heap has left, the cell says so before it runs out.
     */
    private void checkEpsilonHeap(long warmupBytes, long warmupNanos, Duration window, List<String> notes) {
        if (warmupNanos <= 0 || warmupBytes <= 0) {
            return;
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double perSecond = warmupBytes / (warmupNanos / 1e9);
        double needed = perSecond * (window.toNanos() / 1e9 * 1.5 + 5);
        long free = heap.getMax() - heap.getUsed();
        if (needed > free) {
            String note = String.format(Locale.ROOT, "Epsilon heap may run out: the warm-up allocated %.1f MB/s, the window and its grace "
                    + "would need %.0f MB, %.0f MB are free; give --heap more room or expect out-of-memory", perSecond / 1e6, needed / 1e6, free / 1e6);
            log.println(note);
            notes.add(note);
        }
    }

    /**
     * The heap before the store exists: three readings after full collections (their spread is the
     * noise floor of a heap figure under this collector) and the live bytes by heap inspection.
     */
    private record HeapBaseline(long used, long noiseFloor, Long liveBytes) {
    }

    private static HeapBaseline heapBaseline(boolean collects) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 3; i++) {
            long used = heapUsedAfterFullGc(collects);
            min = Math.min(min, used);
            max = Math.max(max, used);
        }
        return new HeapBaseline(max, max - min, collects ? ClassHistogram.liveBytes() : null);
    }

    private static long heapUsedAfterFullGc(boolean collects) {
        if (collects) {
            System.gc();
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static Footprint footprint(ReadStateStore store, HeapBaseline before, boolean collects, List<String> notes) {
        long resident = store.size();
        long heapAfter = heapUsedAfterFullGc(collects);
        long offHeap = store.offHeapBytes();
        if (!collects) {
            notes.add("heap footprint not measured: this collector cannot run a full collection (Epsilon)");
            return new Footprint(resident, null, offHeap, null, resident == 0 ? 0 : (double) offHeap / resident,
                    "off-heap: bytes the store reserved; heap: not measurable without a collection", null, null, null);
        }
        long heap = heapAfter - before.used();
        long intrinsic = ClassHistogram.liveBytes() - before.liveBytes();
        if (Math.abs(heap) <= before.noiseFloor()) {
            notes.add(String.format(Locale.ROOT, "heap footprint %+d bytes is within this collector's noise floor (%d bytes): too small to measure "
                    + "this way; the heap inspection counts %d bytes", heap, before.noiseFloor(), intrinsic));
        }
        return new Footprint(resident, heap, offHeap, resident == 0 ? null : (double) heap / resident,
                resident == 0 ? 0 : (double) offHeap / resident,
                "heap: used after System.gc() minus the same before the store was built (signed; noise floor: the spread of three readings "
                        + "before); intrinsic: live bytes added, by the JVM's heap inspection (GC.class_histogram); off-heap: bytes the store reserved",
                before.noiseFloor(), intrinsic, resident == 0 ? null : (double) intrinsic / resident);
    }

    private static Map<String, LatencySummary> summaries(Map<String, Histogram> totals, String clock) {
        Map<String, LatencySummary> out = new LinkedHashMap<>();
        Histogram all = io.readstates.harness.latency.LatencyRecorders.newTotal();
        for (OperationType t : OperationType.values()) {
            Histogram h = totals.get(t.tag() + "." + clock);
            all.add(h);
            if (h.getTotalCount() > 0) {
                out.put(t.tag(), summary(h));
            }
        }
        out.put("all", summary(all));
        return out;
    }

    static LatencySummary summary(Histogram h) {
        double ms = 1e6;
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50) / ms, h.getValueAtPercentile(90) / ms,
                h.getValueAtPercentile(99) / ms, h.getValueAtPercentile(99.9) / ms, h.getValueAtPercentile(99.99) / ms,
                h.getMaxValue() / ms, h.getMean() / ms);
    }

    private static CellDescription describe(CellSpec spec, long populationStates, String traceReplay, double requestedRate, Duration window) {
        return new CellDescription(spec.id(), spec.store().cliName(), spec.collectorLabel(), spec.jdkLabel(), spec.capacity(),
                traceReplay == null ? spec.workload().name() : "trace " + spec.trace().file().getFileName(),
                traceReplay == null ? spec.workload().describe() : traceReplay + "; population and warm-up: " + spec.workload().describe(),
                populationStates, requestedRate, window.toMillis() / 1000.0,
                spec.warmup().toMillis() / 1000.0, spec.workers(), spec.seed(), spec.heapLabel(), spec.periodicGcLabel(), spec.repeat(),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), spec.runId(), spec.attempt());
    }

    private static Environment environment(CellSpec spec, Instant startedAt) {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        return new Environment(System.getProperty("java.version"), System.getProperty("java.home"), System.getProperty("java.vm.name"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), spec.gitRevision(), Runtime.getRuntime().availableProcessors(),
                os.getTotalMemorySize(), host, System.getProperty("os.name") + " " + System.getProperty("os.version"), startedAt.toString());
    }
}
