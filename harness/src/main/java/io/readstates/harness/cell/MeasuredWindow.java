package io.readstates.harness.cell;

import com.sun.management.OperatingSystemMXBean;
import io.readstates.harness.attribution.CellClock;
import io.readstates.harness.driver.OpenLoopDriver;
import io.readstates.harness.driver.Schedule;
import io.readstates.harness.driver.StoreTarget;
import io.readstates.harness.gc.AllocatedBytes;
import io.readstates.harness.gc.GcRecording;
import io.readstates.harness.gc.GcThreadCpu;
import io.readstates.harness.latency.HiccupMeter;
import io.readstates.results.ResultFiles;
import io.readstates.store.ReadStateStore;
import io.readstates.store.StoreStats;
import io.readstates.store.backing.DelayedBackingStore;
import io.readstates.workload.OperationSource;
import io.readstates.workload.OperationStream;
import io.readstates.workload.trace.TraceLane;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * A cell's third phase: warm-up, settle, and the measured window, with the interval log, the
 * hiccup meter, the JFR recording and the CPU and allocation readings around it. JFR and the hiccup
 * meter start before the warm-up: starting a recording costs a burst of work (threads, chunk files,
 * a safepoint) that must not land in the first measured interval. One full collection after the
 * warm-up ({@link #settle}) leaves the young generation empty when the window starts; no forced
 * collection ever lands inside the window.
 */
final class MeasuredWindow {
    private final CellSetup setup;
    private final ReadStateStore store;
    private final PrintStream log;

    /**
     * What the window's readings were, before and after.
     *
     * @param delayedLoadsBefore  delayed loads so far when the window started, or -1 without a latency model
     * @param delayedWritesBefore delayed batch writes so far when the window started, or -1
     */
    record Readings(OpenLoopDriver.Outcome outcome, Schedule schedule, Duration window, Instant start, Instant end,
                    StoreStats stats, long delayedLoadsBefore, long delayedWritesBefore, GcThreadCpu.Snapshot cpuBefore,
                    GcThreadCpu.Snapshot cpuAfter, long processCpuNanos, long allocatedBytes, CellClock clock) {
        double elapsedSeconds() {
            return Duration.between(start, end).toNanos() / 1e9;
        }
    }

    MeasuredWindow(CellSetup setup, ReadStateStore store, PrintStream log) {
        this.setup = setup;
        this.store = store;
        this.log = log;
    }

    Readings run(Path dir, List<String> notes) throws Exception {
        CellSettings s = setup.spec.settings();
        int workers = s.workers();
        List<OpenLoopDriver.Lane> lanes = lanes(workers, w -> new OperationStream(setup.population, s.workload(), s.seed(), w, workers));
        Schedule schedule = setup.trace == null ? Schedule.fixedRate(s.rate()) : s.trace().schedule(setup.trace, s.rate());
        Duration window = setup.trace == null ? s.duration() : Schedule.lengthOf(schedule, setup.trace.size());
        List<OpenLoopDriver.Lane> measuredLanes = setup.trace == null ? lanes : lanes(workers, w -> new TraceLane(setup.trace, w, workers));
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (GcRecording recording = new GcRecording(dir.resolve(ResultFiles.JFR));
             HiccupMeter hiccups = new HiccupMeter(setup.recorders)) {
            recording.start();
            hiccups.start();
            long allocatedBeforeWarmup = AllocatedBytes.total();
            long warmupStart = System.nanoTime();
            if (!s.warmup().isZero()) {
                log.printf("warm-up %s s%n", s.warmup().toSeconds());
                new OpenLoopDriver(Schedule.fixedRate(s.rate()), setup.recorders, s.waitStrategy()).run(lanes, s.warmup(), s.warmup());
            }
            if (!setup.collects) {
                checkEpsilonHeap(AllocatedBytes.total() - allocatedBeforeWarmup, System.nanoTime() - warmupStart, window, notes);
            }
            settle(notes);
            log.printf("measuring %.1f s: %s%n", window.toMillis() / 1000.0, schedule.describe());
            StoreStats statsBefore = store.stats();
            DelayedBackingStore model = setup.delayed instanceof DelayedBackingStore d ? d : null;
            long loadsBefore = model == null ? -1 : model.delayedLoads();
            long writesBefore = model == null ? -1 : model.delayedWrites();
            setup.backing.reset();
            GcThreadCpu.Snapshot cpuBefore = GcThreadCpu.snapshot();
            long processCpuBefore = os.getProcessCpuTime();
            long allocatedBefore = AllocatedBytes.total();
            setup.intervals.discardSoFar();
            setup.storeWork.arm();
            setup.operationPathCalls.arm();
            CellClock clock = CellClock.now();
            Instant start = clock.windowStart();
            setup.intervals.start();
            OpenLoopDriver.Outcome outcome = new OpenLoopDriver(schedule, setup.recorders, s.waitStrategy(), setup.slowOps)
                    .run(measuredLanes, window, window.dividedBy(2).plusSeconds(5));
            setup.intervals.close();
            Instant end = Instant.now();
            long allocated = AllocatedBytes.total() - allocatedBefore;
            long processCpu = os.getProcessCpuTime() - processCpuBefore;
            GcThreadCpu.Snapshot cpuAfter = GcThreadCpu.snapshot();
            return new Readings(outcome, schedule, window, start, end, minus(store.stats(), statsBefore), loadsBefore, writesBefore,
                    cpuBefore, cpuAfter, processCpu, allocated, clock);
        }
    }

    /** One lane per driver worker, each with its own operation source and a target over the store. */
    private List<OpenLoopDriver.Lane> lanes(int workers, IntFunction<OperationSource> source) {
        List<OpenLoopDriver.Lane> out = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            out.add(new OpenLoopDriver.Lane(source.apply(w), new StoreTarget(store)));
        }
        return out;
    }

    private static StoreStats minus(StoreStats a, StoreStats b) {
        return new StoreStats(a.hits() - b.hits(), a.misses() - b.misses(), a.evictions() - b.evictions(),
                a.evictionWrites() - b.evictionWrites(), a.flushWrites() - b.flushWrites());
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
    private void settle(List<String> notes) {
        if (setup.collects) {
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
}
