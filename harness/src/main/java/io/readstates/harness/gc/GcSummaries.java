package io.readstates.harness.gc;

import io.readstates.report.model.GcFigures;
import io.readstates.report.model.GcFigures.GcEvent;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a cell's JFR recording into {@link GcFigures}: pauses ({@code jdk.GCPhasePause}, the
 * top-level pause of each collector), cycles ({@code jdk.GarbageCollection}, by name and cause),
 * concurrent phases ({@code jdk.GCPhaseConcurrent}, top level only, so nested levels are not
 * counted twice) and heap occupancy after collections ({@code jdk.GCHeapSummary}). Only events
 * that start inside the measured window count. CPU figures come from {@link GcThreadCpu}.
 * How each figure is derived is written up in {@code docs/gc-figures.md}.
 */
public final class GcSummaries {
    private static final int MAX_TIMELINE_EVENTS = 20_000;

    private GcSummaries() {
    }

    public static GcFigures summarise(Path jfr, Instant windowStart, Instant windowEnd,
                                      GcThreadCpu.Snapshot cpuBefore, GcThreadCpu.Snapshot cpuAfter, double processCpuMs) {
        List<RecordedEvent> events;
        try {
            events = RecordingFile.readAllEvents(jfr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JFR recording " + jfr, e);
        }
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
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.GCConfiguration")) {
                collector = e.getString("youngCollector") + "/" + e.getString("oldCollector");
                continue;
            }
            Instant start = e.getStartTime();
            if (start.isBefore(windowStart) || start.isAfter(windowEnd)) {
                continue;
            }
            double startMs = java.time.Duration.between(windowStart, start).toNanos() / 1e6;
            double ms = e.getDuration().toNanos() / 1e6;
            switch (type) {
                case "jdk.GCPhasePause" -> {
                    pauseCount++;
                    pauseTotal += ms;
                    pauseMax = Math.max(pauseMax, ms);
                    pauseHistogram.recordValue(Math.max(1, e.getDuration().toNanos() / 1000));
                    if (pauses.size() < MAX_TIMELINE_EVENTS) {
                        pauses.add(new GcEvent(startMs, ms, e.getString("name")));
                    }
                }
                case "jdk.GarbageCollection" -> {
                    cycles++;
                    byName.merge(e.getString("name"), 1L, Long::sum);
                    byCause.merge(e.getString("cause"), 1L, Long::sum);
                }
                case "jdk.GCPhaseConcurrent" -> {
                    concurrent += ms;
                    byPhase.merge(e.getString("name"), ms, Double::sum);
                    if (phases.size() < MAX_TIMELINE_EVENTS) {
                        phases.add(new GcEvent(startMs, ms, e.getString("name")));
                    }
                }
                case "jdk.GCHeapSummary" -> {
                    if ("After GC".equals(e.getString("when"))) {
                        heapAfterMax = Math.max(heapAfterMax, e.getLong("heapUsed"));
                    }
                }
                default -> {
                }
            }
        }
        Map<String, Double> cpuByGroup = cpuAfter.minusMillis(cpuBefore);
        double gcCpuMs = (cpuAfter.gcNanos() - cpuBefore.gcNanos()) / 1e6;
        return new GcFigures(collector, pauseCount, pauseTotal, pauseMax,
                pauseCount == 0 ? 0 : pauseHistogram.getValueAtPercentile(50) / 1000.0,
                pauseCount == 0 ? 0 : pauseHistogram.getValueAtPercentile(99) / 1000.0,
                cycles, byName, byCause, concurrent, byPhase, heapAfterMax,
                gcCpuMs, processCpuMs, processCpuMs > 0 ? gcCpuMs / processCpuMs : 0, cpuByGroup, pauses, phases);
    }
}
