package io.readstates.report.analysis;

import io.readstates.report.SampleCells;
import io.readstates.results.CellResult;
import io.readstates.results.Footprint;
import io.readstates.results.GcFigures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The analyses on synthetic results whose answers are known: the marking fit, the tail tax, the GC overlap. */
class AnalysisTest {
    @Test
    void theCellsOwnCountOfWholeHeapCyclesIsUsedNotTheCollectorsName() {
        CellResult named = SampleCells.cell("object-graph", "custom-collector", 1_000_000, 1, 1, 1, Map.of("Cycle", 4L), Map.of("Concurrent Mark", 40.0),
                80, 100_000_000L, List.of());
        assertThat(MarkingScaling.compute(List.of(named))).as("a name the report does not know, and no count of its own").isEmpty();
        GcFigures g = named.gc();
        GcFigures counted = new GcFigures(g.collector(), g.pauseCount(), g.pauseTotalMs(), g.pauseMaxMs(), g.pauseP50Ms(), g.pauseP99Ms(),
                g.cycles(), g.cyclesByName(), g.cyclesByCause(), g.concurrentMs(), g.concurrentByPhaseMs(), g.heapUsedAfterGcMaxBytes(), g.gcCpuMs(),
                g.processCpuMs(), g.gcCpuShare(), g.cpuByThreadGroupMs(), g.pauses(), g.concurrentPhases(), g.allocationStalls(),
                g.allocationStallTotalMs(), g.allocationStallMaxMs(), g.gcCores(), g.gcMachineShare(), g.driverCpuMs(), g.cores(),
                g.wholeHeapMarkMs(), 2L);
        CellResult self = new CellResult(named.schema(), named.status(), named.error(), named.cell(), named.environment(), named.run(),
                named.responseTime(), named.serviceTime(), named.hiccup(), counted, named.footprint(), named.store(), named.notes(), named.attribution());
        assertThat(MarkingScaling.compute(List.of(self))).singleElement()
                .satisfies(m -> assertThat(m.points().get(0).markMsPerCycle()).as("40 ms over the 2 cycles the cell counted").isEqualTo(20.0));
    }

    @Test
    void repeatsAreSummarisedAsMedianAndRangeAndSingleRunsAreLeftOut() {
        List<CellResult> cells = new ArrayList<>();
        double[] p999s = {4, 1, 9};
        for (int r = 1; r <= 3; r++) {
            cells.add(SampleCells.cell("object-graph", "g1", 1_000_000, r, p999s[r - 1], 10 * r, Map.of(), Map.of(), 0, 0, List.of()));
        }
        cells.add(SampleCells.cell("off-heap", "g1", 1_000_000, 1, 0.5, 1, Map.of(), Map.of(), 0, 0, List.of()));
        List<RepeatSpread> spreads = RepeatSpread.compute(cells);
        assertThat(spreads).hasSize(1);
        RepeatSpread s = spreads.get(0);
        assertThat(s.cell()).isEqualTo("object-graph / g1 / jdk25 / 1000000 / w / 1/s / heap 1g / periodic off / run run-1");
        assertThat(s.repeats()).isEqualTo(3);
        assertThat(s.figures().get("p99.9 ms")).containsExactly(4, 1, 9);
        assertThat(s.figures().get("max ms")).containsExactly(20, 10, 30);
        assertThat(s.row()).hasSize(RepeatSpread.headers().size());
    }

    @Test
    void theMarkingFitRecoversAKnownSlope() {
        List<CellResult> cells = new ArrayList<>();
        for (long m : new long[] {1, 2, 4, 8}) {
            // 2 marking cycles per cell; marking 300 ms per million states + 20 ms; GC CPU 500 ms per million per cycle.
            cells.add(SampleCells.cell("object-graph", "g1", m * 1_000_000, 1, 1, 1, Map.of("G1Old", 2L, "G1New", 7L),
                    Map.of("Concurrent Mark From Roots", 2 * (20 + 300.0 * m), "Concurrent Cleanup for Next Mark", 99.0),
                    2 * 500.0 * m, m * 100_000_000, List.of()));
            cells.add(SampleCells.cell("off-heap", "g1", m * 1_000_000, 1, 1, 1, Map.of("G1Old", 2L), Map.of("Concurrent Mark From Roots", 2 * 15.0), 2 * 40.0, 20_000_000, List.of()));
        }
        List<MarkingScaling> s = MarkingScaling.compute(cells);
        MarkingScaling og = s.stream().filter(x -> x.store().equals("object-graph")).findFirst().orElseThrow();
        assertThat(og.markMsPerMillionStates().slope()).isCloseTo(300, within(1e-6));
        assertThat(og.markMsPerMillionStates().intercept()).isCloseTo(20, within(1e-6));
        assertThat(og.markMsPerMillionStates().r2()).isCloseTo(1, within(1e-9));
        assertThat(og.cpuMsPerMillionStates().slope()).isCloseTo(500, within(1e-6));
        assertThat(og.markMsPerGb().slope()).isCloseTo(3000, within(1e-6));
        MarkingScaling oh = s.stream().filter(x -> x.store().equals("off-heap")).findFirst().orElseThrow();
        assertThat(oh.markMsPerMillionStates().slope()).isCloseTo(0, within(1e-9));
        assertThat(oh.markMsPerGb().slope()).as("live heap constant: no per-GB slope").isNaN();
        assertThat(oh.markMsPerGb()).hasToString("—");
    }

    @Test
    void theLiveHeapAxisIsTheStoresMeasuredFootprintNotTheCollectorsHeapAfterGc() {
        CellResult zgc = SampleCells.cell("object-graph", "zgc", 2_000_000, 1, 1, 1, Map.of("ZGC Major", 1L), Map.of(), 0, 149_000_000, List.of());
        var gc = zgc.gc();
        var inflated = new io.readstates.results.GcFigures(gc.collector(), gc.pauseCount(), gc.pauseTotalMs(), gc.pauseMaxMs(), gc.pauseP50Ms(),
                gc.pauseP99Ms(), gc.cycles(), gc.cyclesByName(), gc.cyclesByCause(), gc.concurrentMs(), gc.concurrentByPhaseMs(), 264_000_000,
                gc.gcCpuMs(), gc.processCpuMs(), gc.gcCpuShare(), gc.cpuByThreadGroupMs(), gc.pauses(), gc.concurrentPhases(), 0, 0, 0, 0, 0, 0, 2, null, null);
        CellResult r = new CellResult(zgc.schema(), zgc.status(), zgc.error(), zgc.cell(), zgc.environment(), zgc.run(), zgc.responseTime(),
                zgc.serviceTime(), zgc.hiccup(), inflated, new Footprint(2_000_000, 150_000_000L, 0, 75.0, 0, "", 1_000_000L, 140_000_000L, 70.0),
                zgc.store(), zgc.notes(), zgc.attribution());
        assertThat(MarkingScaling.liveBytes(r)).as("the heap inspection's figure first").isEqualTo(140_000_000L);

        var majorOnly = new io.readstates.results.GcFigures(gc.collector(), 0, 0, 0, 0, 0, 1, Map.of("ZGC Major", 1L), Map.of(), 100,
                Map.of("Concurrent Mark", 100.0), 0, 0, 0, 0, Map.of(), List.of(), List.of(), 0, 0, 0, 0, 0, 0, 2, 40.0, null);
        CellResult withOld = new CellResult(zgc.schema(), zgc.status(), zgc.error(), zgc.cell(), zgc.environment(), zgc.run(), zgc.responseTime(),
                zgc.serviceTime(), zgc.hiccup(), majorOnly, zgc.footprint(), zgc.store(), zgc.notes(), zgc.attribution());
        assertThat(MarkingScaling.compute(List.of(withOld)).get(0).points().get(0).markMsPerCycle())
                .as("generational ZGC: the old generation's marking, not the young collections' too").isEqualTo(40.0);
    }

    @Test
    void cellsOfTwoJdksAreFittedApartAndJdk17sSingleGenerationZgcCyclesMarkTheWholeHeap() {
        List<CellResult> cells = new ArrayList<>();
        for (long m : new long[] {1, 2, 4}) {
            cells.add(SampleCells.cell("object-graph", "zgc", "25", m * 1_000_000, 1, 1, 1, Map.of("ZGC Major", 1L, "ZGC Minor", 3L),
                    Map.of("Concurrent Mark", 100.0 * m), 100.0 * m, m * 100_000_000, List.of()));
            cells.add(SampleCells.cell("object-graph", "zgc", "17", m * 1_000_000, 1, 1, 1, Map.of("Z", 2L),
                    Map.of("Concurrent Mark", 2 * 250.0 * m), 2 * 250.0 * m, m * 100_000_000, List.of()));
        }
        List<MarkingScaling> s = MarkingScaling.compute(cells);
        assertThat(s).extracting(MarkingScaling::jdk).containsExactlyInAnyOrder("25", "17");
        assertThat(s.stream().filter(x -> x.jdk().equals("25")).findFirst().orElseThrow().markMsPerMillionStates().slope()).isCloseTo(100, within(1e-6));
        assertThat(s.stream().filter(x -> x.jdk().equals("17")).findFirst().orElseThrow().markMsPerMillionStates().slope()).isCloseTo(250, within(1e-6));
    }

    @Test
    void theTailTaxIsTheMedianOfPerRepeatRatiosAgainstEpsilon() {
        List<CellResult> cells = new ArrayList<>();
        double[] g1 = {2, 4, 30};
        double[] eps = {1, 2, 3};
        for (int r = 0; r < 3; r++) {
            cells.add(SampleCells.cell("off-heap", "g1", 10, r + 1, g1[r], g1[r] * 2, Map.of(), Map.of(), 0, 0, List.of()));
            cells.add(SampleCells.cell("off-heap", "epsilon", 10, r + 1, eps[r], eps[r] * 2, Map.of(), Map.of(), 0, 0, List.of()));
        }
        List<TailTax> taxes = TailTax.compute(cells);
        assertThat(taxes).hasSize(1);
        TailTax t = taxes.get(0);
        assertThat(t.pairs()).isEqualTo(3);
        assertThat(t.p999Median()).isEqualTo(2.0);
        assertThat(t.p999Min()).isEqualTo(2.0);
        assertThat(t.p999Max()).isEqualTo(10.0);
        assertThat(t.maxMedian()).isEqualTo(2.0);
    }

    private static CellResult variant(CellResult c, String heap, List<String> gcFlags) {
        var d = c.cell();
        var described = new io.readstates.results.CellDescription(d.id() + heap + gcFlags, d.store(), d.collector(), d.jdk(), d.capacity(), d.workload(),
                d.workloadParameters(), d.populationStates(), d.requestedRate(), d.durationSeconds(), d.warmupSeconds(), d.workers(), d.seed(), heap,
                d.periodicGc(), d.repeat(), d.jvmFlags(), d.runId(), d.attempt(), gcFlags);
        return new CellResult(c.schema(), c.status(), c.error(), described, c.environment(), c.run(), c.responseTime(), c.serviceTime(), c.hiccup(),
                c.gc(), c.footprint(), c.store(), c.notes(), c.attribution());
    }

    private static CellResult offHeap(String collector, double p999) {
        return SampleCells.cell("off-heap", collector, 10, 1, p999, p999 * 2, Map.of(), Map.of(), 0, 0, List.of());
    }

    /**
     * Regression (issue 17): the tail tax paired cells by store, collector, JDK, capacity and repeat
     * only, so a run with one cell at two heaps (the ballast sweep) or with and without a collector
     * knob kept one of them and dropped the other without a word.
     */
    @Test
    void cellsAtTwoHeapsOrWithAKnobAreTaxedApartEachAgainstItsOwnEpsilon() {
        List<CellResult> cells = List.of(
                variant(offHeap("g1", 8), "2g", List.of()), variant(offHeap("epsilon", 2), "2g", List.of()),
                variant(offHeap("g1", 3), "8g", List.of()), variant(offHeap("epsilon", 1), "8g", List.of()),
                variant(offHeap("g1", 5), "2g", List.of("-XX:MaxGCPauseMillis=50")), variant(offHeap("epsilon", 2.5), "2g", List.of("-XX:MaxGCPauseMillis=50")));
        List<TailTax> taxes = TailTax.compute(cells);
        assertThat(taxes).extracting(TailTax::storeLabel, TailTax::p999Median).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("off-heap [heap 2g]", 4.0),
                org.assertj.core.groups.Tuple.tuple("off-heap [heap 8g]", 3.0),
                org.assertj.core.groups.Tuple.tuple("off-heap [-XX:MaxGCPauseMillis=50]", 2.0));
        assertThat(TailTax.compute(List.of(variant(offHeap("g1", 6), "3g", List.of()), variant(offHeap("epsilon", 2), "6g", List.of()))))
                .as("under --heap auto Epsilon's heap is larger; the lone Epsilon cell is the baseline")
                .singleElement().satisfies(t -> assertThat(t.p999Median()).isEqualTo(3.0)).satisfies(t -> assertThat(t.storeLabel()).isEqualTo("off-heap"));
    }

    @Test
    void theWorstIntervalsAreJoinedWithGcActivity() {
        CellResult r = SampleCells.cell("object-graph", "g1", 10, 1, 1, 1, Map.of(), Map.of(), 0, 0,
                List.of(new GcFigures.GcEvent(2_500, 300, "GC Pause"), new GcFigures.GcEvent(7_100, 10, "Pause Remark")));
        List<LatencyTimeline.Point> pts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double max = i == 2 ? 310 : i == 7 ? 12 : 0.1;
            pts.add(new LatencyTimeline.Point(i, 100, 0.05, max, max, 0.1, 0));
        }
        GcOverlap o = GcOverlap.of(r, new LatencyTimeline(pts));
        assertThat(o.intervals()).isEqualTo(10);
        assertThat(o.gcIntervals()).isEqualTo(2);
        assertThat(o.worstIntervals()).isEqualTo(1);
        assertThat(o.worstOverlappingGc()).isEqualTo(1);
        assertThat(o.medianMaxInsideMs()).isCloseTo(161, within(1e-9));
        assertThat(o.medianMaxOutsideMs()).isCloseTo(0.1, within(1e-9));
    }
}
