package io.readstates.report.analysis;

import io.readstates.results.CellResult;
import io.readstates.results.GcFigures;
import io.readstates.results.TimeFormat;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the collector's marking cost grows with the number of resident states — the claim at the heart
 * of the case study (marking cost follows the live heap, not the garbage). Per store × collector,
 * over cells of different capacities: marking time per marking cycle and GC CPU per marking cycle,
 * each fitted with a least-squares line against millions of states and against GB of the store's
 * measured live heap ({@link #liveBytes}), with R² (Apache Commons Math {@code SimpleRegression}).
 *
 * <p>A marking cycle is a {@code jdk.GarbageCollection} that marks the whole heap: G1's
 * {@code G1Old} (the concurrent cycle), ZGC's {@code ZGC Major} (JDK 17's single-generation ZGC: every
 * {@code Z} cycle), every Shenandoah cycle. Cells of different JDKs are fitted apart. Marking time
 * sums the top-level concurrent phases whose name mentions marking (not cleanup or "Mark Free"),
 * except for generational ZGC, whose major cycles also report their young collections' marking:
 * there it is the old generation's marking alone ({@code GcFigures.wholeHeapMarkMs}); before
 * 2026-11-28 both were summed, overstating ZGC's marking per major cycle.
 * GC CPU per cycle is all GC-thread CPU in the window divided by those cycles, so it includes young
 * collections in between — an upper bound on marking CPU.
 */
public record MarkingScaling(String store, String collector, String jdk, List<Point> points,
                             Fit markMsPerMillionStates, Fit cpuMsPerMillionStates, Fit markMsPerGb, Fit cpuMsPerGb) {

    /** One cell: resident states, live heap, and its per-cycle costs. */
    public record Point(long states, double liveHeapGb, double markMsPerCycle, double cpuMsPerCycle, long cycles) {
    }

    /** A fitted line: slope, intercept, R² (NaN with fewer than two points). */
    public record Fit(double slope, double intercept, double r2) {
        static Fit of(List<double[]> xy) {
            if (xy.size() < 2) {
                return new Fit(Double.NaN, Double.NaN, Double.NaN);
            }
            SimpleRegression r = new SimpleRegression();
            xy.forEach(p -> r.addData(p[0], p[1]));
            return new Fit(r.getSlope(), r.getIntercept(), r.getRSquare());
        }

        /**
         * A fit only where x spans at least half its largest value: the live heap of a pointer-free
         * store hardly changes with its size (27 → 28 MB), and a slope over that is noise divided by
         * almost nothing — reported as "—", not as thousands of ms per GB.
         */
        static Fit ifXGrows(List<double[]> xy) {
            double lo = xy.stream().mapToDouble(p -> p[0]).min().orElse(0);
            double hi = xy.stream().mapToDouble(p -> p[0]).max().orElse(0);
            return hi > 0 && (hi - lo) >= 0.5 * hi ? of(xy) : new Fit(Double.NaN, Double.NaN, Double.NaN);
        }

        @Override
        public String toString() {
            return Double.isNaN(slope) ? "—" : String.format(Locale.ROOT, "%.2f (R² %.2f)", slope, r2);
        }
    }

    /**
     * Which cycles of a result written before cells classified their own cycles
     * ({@code gc.wholeHeapCycles} null) marked the whole heap, by the names those collectors gave
     * them; newer cells say so themselves, and the report reads that.
     */
    public static boolean legacyMarksWholeHeap(String cycleName, String collector) {
        return collector.startsWith("shenandoah") || cycleName.equals("G1Old") || cycleName.equals("ZGC Major") || cycleName.equals("Z");
    }

    public static long wholeHeapCycles(CellResult r) {
        GcFigures gc = r.gc();
        if (gc.wholeHeapCycles() != null) {
            return gc.wholeHeapCycles();
        }
        return gc.cyclesByName().entrySet().stream().filter(e -> legacyMarksWholeHeap(e.getKey(), r.cell().collector()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    public static boolean isMarkingPhase(String phase) {
        String p = phase.toLowerCase(Locale.ROOT);
        return p.contains("mark") && !p.contains("cleanup") && !p.contains("free");
    }

    /**
     * The live heap a cell's collector had to mark: the store's measured footprint — the JVM's heap
     * inspection where available, else the heap difference — plus nothing else the figure could
     * confuse with it. The largest heap after a GC (the old axis) depends on the collector: ZGC read
     * 264 MB where G1 read 149 MB for the same 2M states, because it reports the heap when its cycle
     * ends, with what was allocated meanwhile. Results without a footprint fall back to it.
     */
    public static long liveBytes(CellResult r) {
        var fp = r.footprint();
        if (fp != null && fp.intrinsicBytes() != null) {
            return fp.intrinsicBytes();
        }
        if (fp != null && fp.heapBytes() != null) {
            return fp.heapBytes();
        }
        return r.gc().heapUsedAfterGcMaxBytes();
    }

    /** Points and fits for every store × collector with at least one cell that marked. */
    public static List<MarkingScaling> compute(List<CellResult> results) {
        Map<String, List<Point>> groups = new TreeMap<>();
        for (CellResult r : results) {
            GcFigures gc = r.gc();
            if (!r.ok() || gc == null) {
                continue;
            }
            long cycles = wholeHeapCycles(r);
            if (cycles == 0) {
                continue;
            }
            double mark = gc.wholeHeapMarkMs() != null ? gc.wholeHeapMarkMs()
                    : gc.concurrentByPhaseMs().entrySet().stream().filter(e -> isMarkingPhase(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
            double live = liveBytes(r) / 1e9;
            groups.computeIfAbsent(r.cell().store() + "|" + r.cell().collector() + "|" + r.cell().jdk(), k -> new ArrayList<>())
                    .add(new Point(r.footprint() == null ? r.cell().capacity() : r.footprint().residentStates(), live, mark / cycles, gc.gcCpuMs() / cycles, cycles));
        }
        List<MarkingScaling> out = new ArrayList<>();
        groups.forEach((k, pts) -> {
            pts.sort(java.util.Comparator.comparingLong(Point::states));
            String[] sc = k.split("\\|");
            out.add(new MarkingScaling(sc[0], sc[1], sc[2], pts,
                    Fit.of(pts.stream().map(p -> new double[] {p.states() / 1e6, p.markMsPerCycle()}).toList()),
                    Fit.of(pts.stream().map(p -> new double[] {p.states() / 1e6, p.cpuMsPerCycle()}).toList()),
                    Fit.ifXGrows(pts.stream().map(p -> new double[] {p.liveHeapGb(), p.markMsPerCycle()}).toList()),
                    Fit.ifXGrows(pts.stream().map(p -> new double[] {p.liveHeapGb(), p.cpuMsPerCycle()}).toList())));
        });
        return out;
    }

    public static final List<String> HEADERS = List.of("store", "collector", "JDK", "cells", "states (M)", "mark time / cycle",
            "mark ms per M states (R²)", "GC CPU ms per M states (R²)", "mark ms per GB live (R²)", "GC CPU ms per GB live (R²)");

    public List<String> row() {
        String states = String.join(", ", points.stream().map(p -> String.format(Locale.ROOT, "%.1f", p.states() / 1e6)).toList());
        String marks = String.join(", ", points.stream().map(p -> TimeFormat.ofMillis(p.markMsPerCycle())).toList());
        return List.of(store, collector, jdk, Integer.toString(points.size()), states, marks, markMsPerMillionStates.toString(),
                cpuMsPerMillionStates.toString(), markMsPerGb.toString(), cpuMsPerGb.toString());
    }
}
