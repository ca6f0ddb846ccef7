package io.readstates.harness.driver;

import io.readstates.harness.attribution.DriverWorker;
import io.readstates.harness.attribution.SlowOps;
import io.readstates.harness.latency.LatencyRecorders;
import io.readstates.workload.Operation;
import io.readstates.workload.OperationSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives a target open loop, the way wrk2 does: the {@link Schedule} fixes when each operation
 * <em>should</em> start ({@code start + n / rate} at a fixed rate, or a trace's own times), a late operation starts as soon as it
 * can without moving the schedule, and its response time is measured from the intended start. A
 * stall therefore shows up in every operation that was due during it, as it would for real clients
 * — the coordinated-omission correction (see {@code docs/coordinated-omission.md}).
 *
 * <p>Worker {@code w} of {@code W} owns schedule slots {@code w, w + W, …} through its own
 * {@link OperationSource} lane, so the schedule is shared evenly and no hand-off is needed. How a
 * worker waits for its next slot is a {@link WaitStrategy} (by default it parks while the slot is
 * far away and spins for the last 200 µs). Nothing on this path allocates: the operation holder is
 * reused and recording is wait-free.
 *
 * <p>Each operation's start lag (actual minus intended start) is recorded too, under the tag
 * {@code start-lag}: per interval, its max is how far behind the schedule the driver was, i.e. the
 * backlog in time (× rate = operations waiting).
 *
 * <p>If the target cannot keep up, the backlog grows; the run ends {@code grace} after the planned
 * duration whatever is left, and the outcome says how many scheduled operations never ran. Each of
 * them is recorded in response time at (deadline − intended start), so the percentiles of a cell
 * that fell behind are lower bounds that include its worst operations, not figures of the ones
 * that happened to run.
 */
public final class OpenLoopDriver {
    private final Schedule schedule;
    private final LatencyRecorders recorders;
    private final WaitStrategy wait;
    private final SlowOps slowOps;

    public OpenLoopDriver(Schedule schedule, LatencyRecorders recorders, WaitStrategy wait) {
        this(schedule, recorders, wait, SlowOps.NONE);
    }

    /** A driver that also keeps every operation at least as slow as {@code slowOps}' threshold. */
    public OpenLoopDriver(Schedule schedule, LatencyRecorders recorders, WaitStrategy wait, SlowOps slowOps) {
        this.schedule = schedule;
        this.recorders = recorders;
        this.wait = wait;
        this.slowOps = slowOps;
    }


    public OpenLoopDriver(Schedule schedule, LatencyRecorders recorders) {
        this(schedule, recorders, WaitStrategy.SPIN);
    }

    /** A driver at a fixed rate. */
    public OpenLoopDriver(double opsPerSecond, LatencyRecorders recorders) {
        this(Schedule.fixedRate(opsPerSecond), recorders);
    }

    /** One worker's share: its lane of operations and its target. */
    public record Lane(OperationSource source, Target target) {
    }

    /**
     * @param completed      operations that ran
     * @param scheduled      operations the schedule asked for
     * @param elapsedNanos   from the first intended start to the last completion
     * @param maxLagNanos    largest actual-minus-intended start
     * @param allocatedBytes bytes the worker threads allocated while driving (JVM per-thread counters):
     *                       the proof that the timed path does not allocate, for stores that do not
     * @param cpuNanos       CPU time of the worker threads while driving (waiting included: a spinning
     *                       worker is on CPU) — what the driver took from the machine
     */
    public record Outcome(long scheduled, long completed, long elapsedNanos, long maxLagNanos, long allocatedBytes, long cpuNanos) {
        public double achievedRate() {
            return elapsedNanos == 0 ? 0 : completed * 1e9 / elapsedNanos;
        }

        public boolean keptUp() {
            return completed == scheduled;
        }
    }

    /** Runs the schedule for {@code duration} over the lanes (one thread each) and waits for it. */
    public Outcome run(List<Lane> lanes, Duration duration, Duration grace) {
        long total = schedule.slots(duration);
        long start = System.nanoTime() + 10_000_000;
        long deadline = start + duration.toNanos() + grace.toNanos();
        int n = lanes.size();
        long[] completed = new long[n];
        long[] maxLag = new long[n];
        long[] lastEnd = new long[n];
        long[] allocated = new long[n];
        long[] cpu = new long[n];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            int lane = w;
            Lane l = lanes.get(w);
            threads.add(new Thread(() -> {
                DriverWorker.set(lane);
                try {
                    runLane(l, lane, n, total, start, deadline, completed, maxLag, lastEnd, allocated, cpu);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "readstates-driver-" + w));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while driving load", e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a driver worker failed: " + failure.get(), failure.get());
        }
        long done = 0;
        long lag = 0;
        long end = start;
        long bytes = 0;
        long cpuNanos = 0;
        for (int w = 0; w < n; w++) {
            done += completed[w];
            bytes += allocated[w];
            cpuNanos += cpu[w];
            lag = Math.max(lag, maxLag[w]);
            end = Math.max(end, lastEnd[w]);
        }
        return new Outcome(total, done, end - start, lag, bytes, cpuNanos);
    }

    private void runLane(Lane lane, int w, int lanes, long total, long start, long deadline,
                         long[] completed, long[] maxLag, long[] lastEnd, long[] allocated, long[] cpu) {
        final Operation op = new Operation();
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        final long cpuBefore = threads.getCurrentThreadCpuTime();
        final OperationSource source = lane.source();
        final Schedule plan = schedule;
        final Target target = lane.target();
        final LatencyRecorders rec = recorders;
        final WaitStrategy waiting = wait;
        final SlowOps slow = slowOps;
        long count = 0;
        long lag = 0;
        long end = start;
        long slot = w;
        boolean pastDeadline = false;
        for (; slot < total; slot += lanes) {
            long intended = start + plan.offsetNanos(slot);
            source.next(op);
            long now = waiting.awaitUntil(intended);
            if (now > deadline) {
                pastDeadline = true;
                break;
            }
            long actual = System.nanoTime();
            target.execute(op);
            end = System.nanoTime();
            rec.record(op.type, end - intended, end - actual);
            rec.recordStartLag(actual - intended);
            slow.offer(intended, actual, end, op.type.ordinal(), w);
            lag = Math.max(lag, actual - intended);
            count++;
        }
        if (pastDeadline) {
            rec.recordUnrun(op.type, deadline - (start + plan.offsetNanos(slot)));
            for (long s = slot + lanes; s < total; s += lanes) {
                source.next(op);
                rec.recordUnrun(op.type, deadline - (start + plan.offsetNanos(s)));
            }
        }
        completed[w] = count;
        maxLag[w] = lag;
        lastEnd[w] = end;
        allocated[w] = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        cpu[w] = threads.getCurrentThreadCpuTime() - cpuBefore;
    }
}
