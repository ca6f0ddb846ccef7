package io.readstates.harness.driver;

import io.readstates.harness.cell.CellSettings;
import io.readstates.harness.gc.Collector;
import io.readstates.harness.matrix.JdkLocator;
import io.readstates.harness.matrix.MatrixPlan;
import io.readstates.harness.matrix.MatrixRunner;
import io.readstates.results.CellResult;
import io.readstates.results.ResultFiles;
import io.readstates.store.registry.StoreKind;
import io.readstates.workload.WorkloadSpec;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing on the timed path allocates. The driver itself, with a target that does nothing, allocates
 * nothing per operation: its worker allocates at most a few bytes of thread start-up (0–128 B
 * measured) whether it drives 100,000 or 400,000 operations (per-thread allocation counters). A cell with a
 * pointer-free store runs under Epsilon (no collector: every allocated byte stays until the JVM
 * exits) in a 256 MB heap and completes; its worker threads allocate well under a byte per operation
 * — what remains is the store lock's queue nodes ({@code ReentrantLock} allocates one when a thread
 * must wait, here for the write-behind flusher), measured here at about 0.04 B/op.
 */
class DriverAllocationTest {
    @Test
    void theDriverItselfAllocatesNothing() {
        var workload = io.readstates.workload.WorkloadSpec.DISCORD_2019;
        var stream = new io.readstates.workload.OperationStream(io.readstates.workload.Population.of(workload, 100_000, 1), workload, 1, 0, 1);
        OpenLoopDriver driver = new OpenLoopDriver(200_000, new io.readstates.harness.latency.LatencyRecorders());
        List<OpenLoopDriver.Lane> lanes = List.of(new OpenLoopDriver.Lane(stream, op -> { }));
        driver.run(lanes, Duration.ofMillis(500), Duration.ofSeconds(1));
        OpenLoopDriver.Outcome shorter = driver.run(lanes, Duration.ofMillis(500), Duration.ofSeconds(1));
        OpenLoopDriver.Outcome longer = driver.run(lanes, Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(longer.completed()).isEqualTo(400_000);
        // Measured: 0 to 128 B per run (a thread's one-time start-up), whether it drives 100,000 or 400,000
        // operations — once, inside the full suite, 5,168 B (a one-off, e.g. a deoptimisation
        // rematerialising a scalar-replaced object). The smallest object is 16 B, so allocating per
        // operation would be >= 1.6 MB and 6.4 MB here; the bound is 0.1 B per operation.
        assertThat(shorter.allocatedBytes()).isLessThan(shorter.completed() / 10);
        assertThat(longer.allocatedBytes()).isLessThan(longer.completed() / 10);
    }

    @Test
    void theDriverAndAPointerFreeStoreAllocateNothingInSteadyState(@TempDir Path dir) throws Exception {
        MatrixPlan plan = new MatrixPlan("test", List.of(StoreKind.OFF_HEAP, StoreKind.PRIMITIVE_ARRAYS), List.of(Collector.EPSILON),
                List.of(JdkLocator.current()), List.of(20_000L), Duration.ZERO, "256m", false, 1,
                CellSettings.builder().workload(WorkloadSpec.RESIDENT).rate(20_000).duration(Duration.ofSeconds(5)).warmup(Duration.ofSeconds(1))
                        .seed(11).writeBehind(Duration.ofSeconds(30)).shards(4).build());
        new MatrixRunner(plan, dir, new PrintStream(OutputStream.nullOutputStream()), "test", List.of("test")).run(plan.cells());
        for (MatrixPlan.Cell c : plan.cells()) {
            CellResult r = ResultFiles.readCell(dir.resolve("cells").resolve(c.id()));
            assertThat(r.status()).as(c.id() + ": " + r.error()).isEqualTo("ok");
            assertThat(r.environment().inputArguments()).contains("-XX:+UseEpsilonGC", "-Xmx256m");
            assertThat(r.run().completedOperations()).isEqualTo(100_000);
            assertThat(r.run().driverAllocatedBytes() / (double) r.run().completedOperations())
                    .as(c.id() + " bytes allocated per operation by the worker threads").isLessThan(0.5);
            assertThat(driverAllocationSamplesInWindow(dir.resolve("cells").resolve(c.id()), r))
                    .as(c.id() + ": JFR allocation samples from the driver's threads inside the measured window").isEmpty();
        }
    }

    /** JFR's own view: {@code jdk.ObjectAllocationSample} events of the driver's worker threads during the window (the warm-up loads classes). */
    private static List<String> driverAllocationSamplesInWindow(Path cellDir, CellResult r) throws Exception {
        Instant from = Instant.ofEpochMilli(r.run().measurementStartEpochMs());
        Instant to = Instant.ofEpochMilli(r.run().measurementEndEpochMs());
        List<String> samples = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(cellDir.resolve(ResultFiles.JFR))) {
            if (e.getEventType().getName().equals("jdk.ObjectAllocationSample") && e.getThread() != null
                    && String.valueOf(e.getThread().getJavaName()).startsWith("readstates-driver")
                    && !e.getStartTime().isBefore(from) && !e.getStartTime().isAfter(to)) {
                samples.add(e.getClass("objectClass").getName() + " at " + (e.getStackTrace() == null ? "?" : e.getStackTrace().getFrames().get(0)));
            }
        }
        return samples;
    }
}
