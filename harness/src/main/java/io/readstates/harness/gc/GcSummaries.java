package io.readstates.harness.gc;

import io.readstates.results.GcFigures.GcEvent;
import io.readstates.results.GcFigures;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a cell's JFR recording into {@link GcFigures}: pauses ({@code jdk.GCPhasePause}, the
 * top-level pause of each collector), cycles ({@code jdk.GarbageCollection}, by name and cause),
 * concurrent phases ({@code jdk.GCPhaseConcurrent}, top level only, and of those only the
 * outermost for Shenandoah — see {@link #outermost}), ZGC's allocation stalls ({@code jdk.ZAllocationStall}:
 * a thread that could not allocate waits for the collector, a pause the mutator feels) and heap occupancy after
 * collections ({@code jdk.GCHeapSummary}). A pause, phase or stall counts when it overlaps the measured window,
 * with its duration clipped to the window (see {@link #clip}); a cycle counts when it starts inside it. CPU figures
 * come from {@link GcThreadCpu}.
 * How each figure is derived is written up in {@code docs/gc-figures.md}.
 */
public final class GcSummaries {
    private static final int MAX_TIMELINE_EVENTS = 20_000;

    private GcSummaries() {
    }

    /** Every event of a cell's recording, read once for the GC summary and the slow-operation attribution. */
    public static List<RecordedEvent> readEvents(Path jfr) {
        try {
            return RecordingFile.readAllEvents(jfr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JFR recording " + jfr, e);
        }
    }

    public static GcFigures summarise(List<RecordedEvent> events, Instant windowStart, Instant windowEnd,
                                      GcThreadCpu.Snapshot cpuBefore, GcThreadCpu.Snapshot cpuAfter, double processCpuMs, double driverCpuMs) {
        String collector = "unknown";
        Histogram pauseHistogram = new Histogram(3);
        long pauseCount = 0;
        double pauseTotal = 0;
        double pauseMax = 0;
        long cycles = 0;
        Map<String, Long> byName = new TreeMap<>();
        Map<String, Long> byCause = new TreeMap<>();
        double concurrent = 0;
        Map<String, Double> byPhase = new TreeMap<>();
        long heapAfterMax = 0;
        List<GcEvent> pauses = new ArrayList<>();
        List<GcEvent> phases = new ArrayList<>();
        List<PhaseSpan> concurrentSpans = new ArrayList<>();
        long stalls = 0;
        double stallTotal = 0;
        double stallMax = 0;
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.GCConfiguration")) {
                collector = collectorName(e.getString("youngCollector"), e.getString("oldCollector"));
                continue;
            }
            Instant start = e.getStartTime();
            double[] clipped = clip(start, e.getDuration(), windowStart, windowEnd);
            if (clipped == null) {
                continue;
            }
            double startMs = clipped[0];
            double ms = clipped[1];
            boolean startsInside = !start.isBefore(windowStart) && !start.isAfter(windowEnd);
            switch (type) {
                case "jdk.GCPhasePause" -> {
                    pauseCount++;
                    pauseTotal += ms;
                    pauseMax = Math.max(pauseMax, ms);
                    pauseHistogram.recordValue(Math.max(1, Math.round(ms * 1000)));
                    if (pauses.size() < MAX_TIMELINE_EVENTS) {
                        pauses.add(new GcEvent(startMs, ms, e.getString("name")));
                    }
                }
                case "jdk.GarbageCollection" -> {
                    if (startsInside) {
                        cycles++;
                        byName.merge(e.getString("name"), 1L, Long::sum);
                        byCause.merge(e.getString("cause"), 1L, Long::sum);
                    }
                }
                case "jdk.GCPhaseConcurrent" -> concurrentSpans.add(new PhaseSpan(e.getInt("gcId"), startMs, ms, e.getString("name")));
                case "jdk.ZAllocationStall" -> {
                    stalls++;
                    stallTotal += ms;
                    stallMax = Math.max(stallMax, ms);
                }
                case "jdk.GCHeapSummary" -> {
                    if (startsInside && "After GC".equals(e.getString("when"))) {
                        heapAfterMax = Math.max(heapAfterMax, e.getLong("heapUsed"));
                    }
                }
                default -> {
                }
            }
        }
        for (PhaseSpan p : counted(collector, concurrentSpans)) {
            concurrent += p.durationMs();
            byPhase.merge(p.name(), p.durationMs(), Double::sum);
            if (phases.size() < MAX_TIMELINE_EVENTS) {
                phases.add(new GcEvent(p.startMs(), p.durationMs(), p.name()));
            }
        }
        String config = collector;
        long wholeHeapCycles = byName.entrySet().stream().filter(c -> GcCycleKinds.marksWholeHeap(c.getKey(), config))
                .mapToLong(Map.Entry::getValue).sum();
        Map<String, Double> cpuByGroup = cpuAfter.minusMillis(cpuBefore);
        double gcCpuMs = (cpuAfter.gcNanos() - cpuBefore.gcNanos()) / 1e6;
        double windowMs = Duration.between(windowStart, windowEnd).toNanos() / 1e6;
        int cores = Runtime.getRuntime().availableProcessors();
        return new GcFigures(collector, pauseCount, pauseTotal, pauseMax,
                pauseCount == 0 ? 0 : pauseHistogram.getValueAtPercentile(50) / 1000.0,
                pauseCount == 0 ? 0 : pauseHistogram.getValueAtPercentile(99) / 1000.0,
                cycles, byName, byCause, concurrent, byPhase, heapAfterMax,
                gcCpuMs, processCpuMs, processCpuMs > 0 ? gcCpuMs / processCpuMs : 0, cpuByGroup, pauses, phases, stalls, stallTotal, stallMax,
                windowMs > 0 ? gcCpuMs / windowMs : 0, windowMs > 0 ? gcCpuMs / (cores * windowMs) : 0,
                driverCpuMs, cores, byName.containsKey("ZGC Major") ? zgcOldMarkingMs(concurrentSpans) : null, wholeHeapCycles);
    }

    /**
     * Generational ZGC's old-generation (whole-heap) marking time. A {@code ZGC Major} cycle reports
     * its young collection's phases and its old collection's under one GC id and with the same names
     * ("Concurrent Mark" twice or more, all from the {@code ZDriverMajor} thread, seen in JDK 25's
     * recordings), so neither id nor name tells them apart; the order does: only the old
     * generation's marking is followed by "Concurrent Process Non-Strong". For each such phase, the
     * latest "Concurrent Mark" of the same GC id that started before it is the old marking.
     */
    static double zgcOldMarkingMs(List<PhaseSpan> spans) {
        double total = 0;
        for (PhaseSpan nonStrong : spans) {
            if (!nonStrong.name().equals("Concurrent Process Non-Strong")) {
                continue;
            }
            PhaseSpan mark = null;
            for (PhaseSpan p : spans) {
                if (p.gcId() == nonStrong.gcId() && p.name().equals("Concurrent Mark") && p.startMs() <= nonStrong.startMs()
                        && (mark == null || p.startMs() > mark.startMs())) {
                    mark = p;
                }
            }
            total += mark == null ? 0 : mark.durationMs();
        }
        return total;
    }

    /** The concurrent phases whose time counts: every top-level phase, with Shenandoah's nested duplicates removed. */
    static List<PhaseSpan> counted(String collector, List<PhaseSpan> spans) {
        return collector.contains("Shenandoah") ? outermost(spans) : spans;
    }

    /**
     * The part of an event inside the window, as {start ms from the window's start, duration ms},
     * or null when it does not overlap the window. A phase that began before the window counts from
     * the window's start, one running past its end up to the end — before, events were kept by
     * start time alone, so the first was dropped and the second counted whole.
     */
    static double[] clip(Instant start, Duration duration, Instant windowStart, Instant windowEnd) {
        Instant end = start.plus(duration);
        if (end.isBefore(windowStart) || start.isAfter(windowEnd)) {
            return null;
        }
        Instant from = start.isBefore(windowStart) ? windowStart : start;
        Instant to = end.isAfter(windowEnd) ? windowEnd : end;
        return new double[] {Duration.between(windowStart, from).toNanos() / 1e6, Duration.between(from, to).toNanos() / 1e6};
    }

    /**
     * The collector's name from {@code jdk.GCConfiguration}. JDK 17 leaves Epsilon's names unset,
     * so the event reads "DefNew/SerialOld" for a JVM that runs no collector at all; the JVM's
     * own flag decides that case.
     */
    static String collectorName(String young, String old) {
        boolean epsilon = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UseEpsilonGC");
        return epsilon ? "Epsilon" : young + "/" + old;
    }

    /** A concurrent phase of cycle {@code gcId}, from the window's start. */
    record PhaseSpan(int gcId, double startMs, double durationMs, String name) {
        double endMs() {
            return startMs + durationMs;
        }
    }

    /**
     * The phases not contained in another phase of the same cycle. Shenandoah (JDK 17 and 25)
     * reports most concurrent phases twice at the top level — once from its phase timings ("Concurrent
     * Marking") and once around it ("Concurrent marking (unload classes)") — so summing every
     * top-level event would count that time twice. Keeping the outermost of nested spans counts
     * each stretch of concurrent work once. Applied to Shenandoah only: generational ZGC runs a
     * young collection's phases inside a major cycle's old marking, under the same GC id, and those
     * are genuinely concurrent work that must not be dropped.
     */
    static List<PhaseSpan> outermost(List<PhaseSpan> spans) {
        List<PhaseSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(PhaseSpan::gcId).thenComparingDouble(PhaseSpan::startMs)
                .thenComparing(Comparator.comparingDouble(PhaseSpan::durationMs).reversed()));
        List<PhaseSpan> kept = new ArrayList<>();
        PhaseSpan outer = null;
        for (PhaseSpan p : sorted) {
            boolean inside = outer != null && outer.gcId() == p.gcId() && p.startMs() >= outer.startMs() && p.endMs() <= outer.endMs();
            if (!inside) {
                kept.add(p);
                outer = p;
            }
        }
        return kept;
    }
}
