package io.readstates.harness.gc;

import io.readstates.harness.cell.BackingSpec;
import io.readstates.harness.matrix.JdkLocator;
import io.readstates.harness.matrix.MatrixPlan;
import io.readstates.harness.matrix.MatrixRunner;
import io.readstates.report.model.CellResult;
import io.readstates.report.model.ResultFiles;
import io.readstates.store.StoreKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Real cells under G1, ZGC and Shenandoah with a forced cycle every second: the pauses derived from
 * JFR agree with the unified GC log of the same JVM, the forced cycles are seen, and the GC threads
 * are classified into the collector's own groups.
 */
class GcTelemetryTest {
    @TempDir
    static Path dir;
    static MatrixPlan plan;

    @BeforeAll
    static void runCells() throws Exception {
        plan = new MatrixPlan("test", List.of(StoreKind.OBJECT_GRAPH), List.of(Collector.G1, Collector.ZGC, Collector.SHENANDOAH),
                List.of(JdkLocator.current()), List.of(50_000L), "small", 5_000, Duration.ofSeconds(4), Duration.ZERO,
                Duration.ofSeconds(1), "auto", false, 1, 1, 5, Duration.ofSeconds(30), 4, StoreKind.OBJECT_GRAPH, 0, BackingSpec.DEFAULT, null);
        new MatrixRunner(plan, dir, new PrintStream(OutputStream.nullOutputStream()), "test", List.of("test")).run(plan.cells());
    }

    private static Path cellDir(Collector c) {
        return dir.resolve("cells").resolve(plan.cells().stream().filter(x -> x.collector() == c).findFirst().orElseThrow().id());
    }

    @ParameterizedTest
    @EnumSource(value = Collector.class, names = {"G1", "ZGC", "SHENANDOAH"})
    void pausesFromJfrAgreeWithTheGcLog(Collector collector) {
        CellResult r = ResultFiles.readCell(cellDir(collector));
        assertThat(r.status()).isEqualTo("ok");
        List<GcLogPauses.Pause> logged = GcLogPauses.read(cellDir(collector).resolve(ResultFiles.GC_LOG),
                r.run().measurementStartEpochMs(), r.run().measurementEndEpochMs());
        assertThat(r.gc().pauseCount()).as("JFR pauses vs gc.log pause lines").isPositive()
                .isCloseTo((long) logged.size(), within(1L));
        double loggedTotal = logged.stream().mapToDouble(GcLogPauses.Pause::durationMs).sum();
        double loggedMax = logged.stream().mapToDouble(GcLogPauses.Pause::durationMs).max().orElse(0);
        assertThat(r.gc().pauseTotalMs()).isCloseTo(loggedTotal, within(0.05 * loggedTotal + loggedMax + 0.05));
    }

    @ParameterizedTest
    @EnumSource(value = Collector.class, names = {"G1", "ZGC", "SHENANDOAH"})
    void theForcedPeriodicCycleIsSeen(Collector collector) throws Exception {
        CellResult r = ResultFiles.readCell(cellDir(collector));
        switch (collector) {
            case G1 -> assertThat(r.gc().cyclesByCause()).containsKey("G1 Periodic Collection");
            case ZGC -> assertThat(r.gc().cyclesByCause()).containsKey("Timer");
            default -> assertThat(Files.readString(cellDir(collector).resolve(ResultFiles.GC_LOG))).contains("guaranteed interval");
        }
        assertThat(r.environment().inputArguments()).anyMatch(a -> a.contains("Interval=1000") || a.contains("Interval=1.0"));
    }

    @ParameterizedTest
    @EnumSource(value = Collector.class, names = {"G1", "ZGC", "SHENANDOAH"})
    void gcThreadsAreClassifiedIntoTheCollectorsGroups(Collector collector) {
        CellResult r = ResultFiles.readCell(cellDir(collector));
        String prefix = switch (collector) {
            case G1 -> "g1-";
            case ZGC -> "zgc-";
            default -> "shenandoah-";
        };
        assertThat(r.gc().cpuByThreadGroupMs().keySet()).anyMatch(k -> k.startsWith(prefix));
        assertThat(r.gc().cpuByThreadGroupMs().keySet()).allMatch(k -> k.startsWith(prefix) || k.equals("vm-thread") || k.equals("gc-parallel-workers"));
        assertThat(r.gc().gcCpuMs()).isPositive();
        assertThat(r.gc().gcCpuShare()).isBetween(0.0, 1.0);
    }
}
