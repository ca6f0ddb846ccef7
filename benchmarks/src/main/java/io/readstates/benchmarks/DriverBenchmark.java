package io.readstates.benchmarks;

import io.readstates.harness.attribution.SlowOps;
import io.readstates.harness.driver.OpenLoopDriver;
import io.readstates.harness.latency.LatencyRecorders;
import io.readstates.workload.OperationStream;
import io.readstates.workload.OperationType;
import io.readstates.workload.Population;
import io.readstates.workload.WorkloadSpec;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The harness's own cost: what recording one operation costs (two wait-free HdrHistogram
 * {@code Recorder} updates, response and service time), and whether the open-loop driver sustains a
 * million operations per second against a store that does nothing — so that at the rates the
 * matrix runs, the driver is never what is measured.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DriverBenchmark {

    @State(Scope.Benchmark)
    public static class Recorders {
        final LatencyRecorders recorders = new LatencyRecorders();
        long value = 1234;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public void recordOneOperation(Recorders s) {
        s.value = (s.value * 31 + 7) & 0xFFFFF;
        s.recorders.record(OperationType.ACK, s.value + 1000, s.value);
    }

    /** Recording with slow-operation capture on, 1 % of operations above its threshold (columns reset every iteration). */
    @State(Scope.Benchmark)
    public static class Capturing {
        final LatencyRecorders recorders = new LatencyRecorders();
        SlowOps slow;
        long value = 1234;

        @Setup(Level.Iteration)
        public void setUp() {
            slow = new SlowOps(1_038_000, 10_000_000);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public void recordOneOperationWithSlowCapture(Capturing s) {
        s.value = (s.value * 31 + 7) & 0xFFFFF;
        s.recorders.record(OperationType.ACK, s.value + 1000, s.value);
        s.slow.offer(0, 1000 - s.value, s.value + 1000, 0, 0);
    }

    /** Achieved rate and worst lag of one 2-second open-loop run at 1,000,000 operations per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Run {
        public double achievedOpsPerSecond;
        public double maxLagMicros;
        public double driverAllocatedBytes;
        OperationStream stream;

        @Setup(Level.Trial)
        public void setUp() {
            stream = new OperationStream(new Population(1_000_000, 20, 1), WorkloadSpec.RESIDENT, 1, 0, 1);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public OpenLoopDriver.Outcome driveOneMillionPerSecondAgainstANoOpStore(Run run) {
        OpenLoopDriver driver = new OpenLoopDriver(1_000_000, new LatencyRecorders());
        OpenLoopDriver.Outcome o = driver.run(List.of(new OpenLoopDriver.Lane(run.stream, op -> { })), Duration.ofSeconds(2), Duration.ofSeconds(2));
        run.achievedOpsPerSecond = o.achievedRate();
        run.maxLagMicros = o.maxLagNanos() / 1000.0;
        run.driverAllocatedBytes = o.allocatedBytes();
        return o;
    }
}
