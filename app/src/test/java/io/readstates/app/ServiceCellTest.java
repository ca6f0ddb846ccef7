package io.readstates.app;

import io.readstates.harness.cell.CellRunner;
import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.cell.CellSpec;
import io.readstates.harness.service.ServiceCellRunner;
import io.readstates.harness.service.ServiceKind;
import io.readstates.results.CellResult;
import io.readstates.results.IntervalHistograms;
import io.readstates.results.LatencySummary;
import io.readstates.results.ResultFiles;
import io.readstates.store.registry.StoreKind;
import io.readstates.workload.WorkloadSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service cell is a row like a JVM cell: it runs the same operations (the same counts per type,
 * and — the LRU semantics being the same — the same hits and misses as a JVM store of the same
 * capacity), and its latency log, written by Go or Rust, is read by the report's own reader.
 */
class ServiceCellTest {
    private static final CellSettings SETTINGS = CellSettings.builder().workload(WorkloadSpec.SMALL).rate(5_000).duration(Duration.ofSeconds(3))
            .warmup(Duration.ofSeconds(1)).writeBehind(Duration.ofMillis(500)).interval(Duration.ofSeconds(1)).build();
    private static final long CAPACITY = 2_000;

    @BeforeAll
    static void buildTheServices() throws Exception {
        ServiceReplayConformanceTest.buildTheServices();
        System.setProperty(ServiceKind.HOME_PROPERTY, Path.of("..", "services").toAbsolutePath().normalize().toString());
    }

    private static CellSpec spec(String id, io.readstates.store.StoreType store, String collector) {
        return new CellSpec(id, store, CAPACITY, new CellSpec.Labels(collector, "test", "own", "off", List.of()), 1, "test", "run", null, SETTINGS);
    }

    private static Map<String, Long> countsByType(CellResult r) {
        return r.serviceTime().entrySet().stream().filter(e -> !e.getKey().equals("all"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().count()));
    }

    @Test
    void everyServiceRunsTheJvmCellsOperationsAndIsMeasuredTheSameWay(@TempDir Path dir) throws Exception {
        CellResult jvm = new CellRunner(new PrintStream(OutputStream.nullOutputStream()))
                .run(spec("jvm", StoreKind.OBJECT_GRAPH, "as-started"), dir.resolve("jvm"));
        assertThat(jvm.status()).isEqualTo("ok");
        for (ServiceKind kind : ServiceKind.values()) {
            Path cell = dir.resolve(kind.cliName());
            CellResult r = ServiceCellRunner.run(kind, spec(kind.cliName(), kind.asStoreType(), kind.collectorName()), cell, Duration.ofMinutes(2));
            assertThat(r.status()).as(kind + ": " + r.error()).isEqualTo("ok");
            assertThat(ResultFiles.readCell(cell).cell().store()).isEqualTo(kind.storeName());
            assertThat(countsByType(r)).as(kind + " ran the JVM cell's operations").isEqualTo(countsByType(jvm));
            // Same lookups; hits within 0.5 %: the JVM cell's embedded backing store may list a user's states for
            // ready in another order than the services' backing stores, and the LRU order follows the touches
            // (one run: 17,727 hits of 19,734 lookups in both Go cells, 17,725 in the JVM cell).
            assertThat(r.store().hits() + r.store().misses()).as(kind + " lookups").isEqualTo(jvm.store().hits() + jvm.store().misses());
            assertThat((double) r.store().hits()).as(kind + " hits").isCloseTo(jvm.store().hits(), org.assertj.core.api.Assertions.withinPercentage(0.5));
            assertThat(r.store().flushWrites()).as(kind + ": write-behind wrote states in the window").isPositive();

            LatencySummary all = r.responseTime().get("all");
            assertThat(all.count()).isEqualTo(r.run().scheduledOperations()).isEqualTo(15_000);
            IntervalHistograms intervals = IntervalHistograms.read(cell.resolve(ResultFiles.LATENCY_LOG), "response");
            assertThat(intervals.intervals()).as(kind + " interval count").hasSizeBetween(3, 4);
            assertThat(intervals.intervals().stream().mapToLong(i -> i.histogram().getTotalCount()).sum()).isEqualTo(15_000);
            assertThat(intervals.intervals().get(0).startEpochMs()).isCloseTo(r.run().measurementStartEpochMs(), org.assertj.core.api.Assertions.within(1L));
            assertThat(intervals.intervals().stream().mapToLong(IntervalHistograms.Interval::hiccupMaxNs).max().orElse(0))
                    .as(kind + " hiccup control ran").isPositive();

            if (kind == ServiceKind.GO_GOGC_OFF || !kind.isGo()) {
                assertThat(r.gc().cycles()).as(kind + " collects nothing").isZero();
            }
            assertThat(r.footprint().heapBytesPerState()).as(kind + " bytes per state").isBetween(20.0, 1_000.0);
            assertThat(Files.exists(cell.resolve("operations.bin"))).as("the traces are deleted").isFalse();
        }
    }

    @Test
    void serviceCellsOfTheSameOperationsShareOneWrittenTrace(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("traces");
        CellResult go = ServiceCellRunner.run(ServiceKind.GO_GOGC_OFF, spec("a", ServiceKind.GO_GOGC_OFF.asStoreType(), "gogc-off"), dir.resolve("a"),
                Duration.ofMinutes(2), cache);
        List<Path> written;
        try (var files = Files.list(cache)) {
            written = files.sorted().toList();
        }
        assertThat(written).hasSize(2);
        var modified = Files.getLastModifiedTime(written.get(1));
        CellResult rust = ServiceCellRunner.run(ServiceKind.RUST_HASH, spec("b", ServiceKind.RUST_HASH.asStoreType(), "none"), dir.resolve("b"),
                Duration.ofMinutes(2), cache);
        try (var files = Files.list(cache)) {
            assertThat(files.sorted().toList()).as("no third file: the second cell read the first one's traces").isEqualTo(written);
        }
        assertThat(Files.getLastModifiedTime(written.get(1))).isEqualTo(modified);
        assertThat(countsByType(rust)).isEqualTo(countsByType(go));
    }

    @Test
    void aServiceNamedAsAStoreJoinsThePlanAndGoBringsItsGogcOffTwinUnderEpsilon() {
        var goLru = new io.readstates.harness.cli.Converters.StoreConverter().convert("go-lru");
        var rust = new io.readstates.harness.cli.Converters.StoreConverter().convert("rust-btree");
        assertThat(MatrixCommand.chosenServices(List.of(StoreKind.OFF_HEAP, goLru, rust),
                List.of(io.readstates.harness.gc.Collector.G1, io.readstates.harness.gc.Collector.EPSILON), List.of()))
                .containsExactly(ServiceKind.GO, ServiceKind.GO_GOGC_OFF, ServiceKind.RUST_BTREE);
        assertThat(MatrixCommand.chosenServices(List.of(goLru), List.of(io.readstates.harness.gc.Collector.ZGC), List.of(ServiceKind.RUST_HASH)))
                .containsExactly(ServiceKind.RUST_HASH, ServiceKind.GO);
    }

    @Test
    void aMissingServiceIsRecordedAsAFailedCellWithWhatToDo(@TempDir Path dir) throws Exception {
        String home = System.getProperty(ServiceKind.HOME_PROPERTY);
        System.setProperty(ServiceKind.HOME_PROPERTY, dir.resolve("nowhere").toString());
        try {
            CellResult r = ServiceCellRunner.run(ServiceKind.RUST_BTREE, spec("x", ServiceKind.RUST_BTREE.asStoreType(), "none"), dir.resolve("x"),
                    Duration.ofMinutes(1));
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.error()).contains("rust-readstates is missing").contains("services/build.sh");
            assertThat(ResultFiles.readCell(dir.resolve("x")).status()).isEqualTo("failed");
        } finally {
            System.setProperty(ServiceKind.HOME_PROPERTY, home);
        }
    }

    @Test
    void goSGcTraceLinesBecomeTheCellsGcFigures() {
        List<String> lines = List.of(
                "gc 8 @4.213s 0%: 0.25+9.9+0.085 ms clock, 0.50+2.8/5.4/0.84+0.17 ms cpu, 24->25->14 MB, 28 MB goal, 0 MB stacks, 0 MB globals, 2 P",
                "gc 9 @5.217s 0%: 0.27+9.7+0.070 ms clock, 0.54+2.8/2.2/3.4+0.14 ms cpu, 25->26->15 MB, 30 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)",
                "error: something else the service printed",
                "gc 10 @9.500s 0%: 0.030+12+0.065 ms clock, 0.061+0.56/4.6/3.3+0.13 ms cpu, 25->26->15 MB, 30 MB goal, 2 P");
        var cycles = io.readstates.harness.service.GoGcTrace.parse(lines);
        assertThat(cycles).hasSize(3);
        assertThat(cycles).extracting(io.readstates.harness.service.GoGcTrace.Cycle::trigger).containsExactly(
                io.readstates.harness.service.GoGcTrace.Trigger.HEAP_GOAL, io.readstates.harness.service.GoGcTrace.Trigger.RUNTIME_GC,
                io.readstates.harness.service.GoGcTrace.Trigger.HEAP_GOAL);
        // The window [4.0 s, 6.0 s] after the process started holds cycles 8 and 9.
        var gc = io.readstates.harness.service.GoGcTrace.figures(cycles, 1_000_000, 1_004_000, 1_006_000, 1_000, 2);
        assertThat(gc.cycles()).isEqualTo(2);
        assertThat(gc.pauseCount()).isEqualTo(4);
        assertThat(gc.pauseMaxMs()).isEqualTo(0.27);
        assertThat(gc.pauseTotalMs()).isCloseTo(0.25 + 0.085 + 0.27 + 0.070, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(gc.concurrentMs()).isCloseTo(19.6, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(gc.gcCpuMs()).isCloseTo(0.50 + 2.8 + 5.4 + 0.84 + 0.17 + 0.54 + 2.8 + 2.2 + 3.4 + 0.14, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(gc.heapUsedAfterGcMaxBytes()).isEqualTo(15L << 20);
        assertThat(gc.cyclesByCause()).containsOnly(Map.entry("heap goal (GOGC)", 1L),
                Map.entry("runtime.GC() (the service's own, outside the window)", 1L));
        assertThat(gc.pauses().get(0).startMs()).isCloseTo(213, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(gc.pauses().get(1).startMs()).isCloseTo(213 + 0.25 + 9.9, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(gc.wholeHeapCycles()).isEqualTo(2);
    }

    /**
     * The Go service at 10M states (results/case-study-10M): after the warm-up's runtime.GC() the
     * window held cycles that gctrace does not mark "(forced)", each starting 120.0 s after the
     * previous one ended with the heap far below its goal — the two-minute period's, which the old
     * reading counted as heap-goal cycles (only "(forced)" was taken for the period).
     */
    @Test
    void cyclesStartedTwoMinutesAfterThePreviousEndedAreTheForcedPeriods() {
        List<String> lines = List.of(
                "gc 6 @37.455s 1%: 0.18+1051+0.005 ms clock, 0.37+0/532/870+0.011 ms cpu, 1415->1415->1415 MB, 2715 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)",
                "gc 7 @158.512s 0%: 1.0+3249+0.064 ms clock, 2.1+0/1635/1562+0.12 ms cpu, 1824->1835->1476 MB, 2830 MB goal, 0 MB stacks, 0 MB globals, 2 P",
                "gc 8 @281.769s 0%: 0.51+3700+0.22 ms clock, 1.0+0/1856/1842+0.44 ms cpu, 1883->1896->1477 MB, 2952 MB goal, 0 MB stacks, 0 MB globals, 2 P",
                "gc 9 @300.000s 0%: 0.51+3700+0.22 ms clock, 1.0+0/1856/1842+0.44 ms cpu, 2883->2896->1477 MB, 2952 MB goal, 0 MB stacks, 0 MB globals, 2 P",
                "gc 10 @424.2s 0%: 1.2+3688+0.26 ms clock, 2.5+0/1855/2112+0.52 ms cpu, 1861->1861->1445 MB, 2955 MB goal, 0 MB stacks, 0 MB globals, 2 P");
        var trigger = io.readstates.harness.service.GoGcTrace.parse(lines).stream().map(io.readstates.harness.service.GoGcTrace.Cycle::trigger).toList();
        assertThat(trigger).as("6 runtime.GC(); 7 and 8 each 120.0 s after the previous end; 9 the heap goal 14.5 s after 8; 10 the period again after 9")
                .containsExactly(io.readstates.harness.service.GoGcTrace.Trigger.RUNTIME_GC, io.readstates.harness.service.GoGcTrace.Trigger.TWO_MINUTE_PERIOD,
                        io.readstates.harness.service.GoGcTrace.Trigger.TWO_MINUTE_PERIOD, io.readstates.harness.service.GoGcTrace.Trigger.HEAP_GOAL,
                        io.readstates.harness.service.GoGcTrace.Trigger.TWO_MINUTE_PERIOD);
        var gc = io.readstates.harness.service.GoGcTrace.figures(io.readstates.harness.service.GoGcTrace.parse(lines), 0, 40_000, 440_000, 400_000, 2);
        assertThat(gc.cyclesByCause()).containsOnly(Map.entry("the 2-minute forced period (forcegcperiod)", 3L), Map.entry("heap goal (GOGC)", 1L));
    }
}
