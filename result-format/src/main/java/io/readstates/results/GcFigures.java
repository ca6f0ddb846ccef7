package io.readstates.results;

import java.util.List;
import java.util.Map;

/**
 * What the collector did during the measured window, from the cell's JFR recording (pauses,
 * phases, heap) and from {@code /proc/self/task} (CPU of the JVM's GC threads).
 *
 * @param collector            the collector's name as JFR reports it (jdk.GCConfiguration)
 * @param pauseCount           jdk.GCPhasePause events
 * @param pauseTotalMs         their summed duration
 * @param pauseMaxMs           the longest
 * @param pauseP50Ms           median pause
 * @param pauseP99Ms           99th percentile pause
 * @param cycles               jdk.GarbageCollection events
 * @param cyclesByName         e.g. G1New, ZGC Major
 * @param cyclesByCause        e.g. G1 Periodic Collection, Allocation Failure, Timer
 * @param concurrentMs         summed top-level concurrent phases (jdk.GCPhaseConcurrent)
 * @param concurrentByPhaseMs  the same, per phase name (marking above all)
 * @param heapUsedAfterGcMaxBytes largest heap occupancy right after a collection
 * @param gcCpuMs              CPU of the GC threads during the window
 * @param processCpuMs         CPU of the whole process during the window
 * @param gcCpuShare           gcCpuMs ÷ processCpuMs
 * @param cpuByThreadGroupMs   CPU per group of JVM threads (parallel workers, markers, …)
 * @param pauses               every pause: start (ms from the measurement start), duration, name
 * @param concurrentPhases     top-level concurrent phases: start, duration, name
 * @param allocationStalls     ZGC allocation stalls (jdk.ZAllocationStall) overlapping the window: each a thread
 *                             waiting for the collector to free memory — a pause the application feels
 * @param allocationStallTotalMs their summed duration (clipped to the window)
 * @param allocationStallMaxMs the longest
 * @param gcCores              GC-thread CPU per second of window: how many cores the collector kept busy on average
 * @param gcMachineShare       gcCpuMs ÷ (cores × window): the collector's share of the whole machine. Unlike
 *                             {@code gcCpuShare}, it does not depend on how much CPU the driver burns spinning
 * @param driverCpuMs          CPU of the load driver's worker threads during the window (not GC, not the store's own
 *                             threads): what the harness itself took from the machine
 * @param cores                processors the JVM saw: the core budget the store, the driver and the collector shared
 * @param wholeHeapMarkMs      for generational ZGC, the old generation's (whole-heap) marking time alone, without the
 *                             young collections' marking that a major cycle reports under the same id and name; null
 *                             for other collectors, whose marking phases are all whole-heap marking
 * @param wholeHeapCycles      cycles in the window that marked the whole heap (G1's concurrent cycles, every
 *                             Shenandoah cycle, ZGC major cycles, full collections), as the cell classified them from
 *                             its collector's own cycle names — young-only cycles are not counted; null in results
 *                             written before cells recorded it
 */
public record GcFigures(
        String collector,
        long pauseCount,
        double pauseTotalMs,
        double pauseMaxMs,
        double pauseP50Ms,
        double pauseP99Ms,
        long cycles,
        Map<String, Long> cyclesByName,
        Map<String, Long> cyclesByCause,
        double concurrentMs,
        Map<String, Double> concurrentByPhaseMs,
        long heapUsedAfterGcMaxBytes,
        double gcCpuMs,
        double processCpuMs,
        double gcCpuShare,
        Map<String, Double> cpuByThreadGroupMs,
        List<GcEvent> pauses,
        List<GcEvent> concurrentPhases,
        long allocationStalls,
        double allocationStallTotalMs,
        double allocationStallMaxMs,
        double gcCores,
        double gcMachineShare,
        double driverCpuMs,
        int cores,
        Double wholeHeapMarkMs,
        Long wholeHeapCycles) {

    /** One GC pause or phase on the measurement's timeline. */
    public record GcEvent(double startMs, double durationMs, String name) {
    }
}
