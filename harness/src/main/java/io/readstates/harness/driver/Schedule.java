package io.readstates.harness.driver;

import io.readstates.workload.trace.Trace;

import java.time.Duration;
import java.util.Locale;

/**
 * When each operation of an open-loop run is meant to start: slot {@code n} is due
 * {@link #offsetNanos(long) offsetNanos(n)} after the run's start. A fixed rate spaces slots evenly
 * (wrk2's constant throughput); a trace replayed at its recorded timing keeps its own gaps and
 * bursts, optionally sped up or slowed down. Either way the driver measures response time from
 * this intended start.
 */
public interface Schedule {

    /** How many slots fall into a window of this length. */
    long slots(Duration window);

    /** Intended start of {@code slot}, in nanoseconds after the run's start; non-decreasing in {@code slot}. */
    long offsetNanos(long slot);

    /** One line for result files. */
    String describe();

    /** Evenly spaced slots at {@code opsPerSecond}, at most {@code limit} of them. */
    static Schedule fixedRate(double opsPerSecond, long limit) {
        if (!(opsPerSecond > 0) || Double.isInfinite(opsPerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of operations per second, got " + opsPerSecond);
        }
        double nanosPerOp = 1e9 / opsPerSecond;
        return new Schedule() {
            @Override
            public long slots(Duration window) {
                return Math.min(limit, (long) Math.floor(opsPerSecond * window.toNanos() / 1e9));
            }

            @Override
            public long offsetNanos(long slot) {
                return (long) (slot * nanosPerOp);
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "fixed rate %.0f ops/s", opsPerSecond);
            }
        };
    }

    /** Evenly spaced slots at {@code opsPerSecond}, as many as the window holds. */
    static Schedule fixedRate(double opsPerSecond) {
        return fixedRate(opsPerSecond, Long.MAX_VALUE);
    }

    /** The trace's own {@code at_ns} times divided by {@code speed} (2 = twice as fast). */
    static Schedule recorded(Trace trace, double speed) {
        if (!trace.timed()) {
            throw new IllegalArgumentException("the trace has no at_ns column, so it has no recorded timing to replay; "
                    + "replay it at a chosen rate instead (--trace-timing rate --rate N)");
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("trace speed must be a positive factor (1 = as recorded, 2 = twice as fast), got " + speed);
        }
        return new Schedule() {
            @Override
            public long slots(Duration window) {
                double limit = window.toNanos() * speed;
                return limit >= Long.MAX_VALUE ? trace.size() : trace.countBefore((long) limit);
            }

            @Override
            public long offsetNanos(long slot) {
                return (long) (trace.atNanos((int) slot) / speed);
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "trace at its recorded timing × %.3g", speed);
            }
        };
    }

    /** Time the whole trace takes at this schedule: the last operation's offset plus one average gap. */
    static Duration lengthOf(Schedule schedule, int operations) {
        if (operations == 0) {
            return Duration.ZERO;
        }
        long last = schedule.offsetNanos(operations - 1L);
        return Duration.ofNanos(last + Math.max(1, last / Math.max(1, operations - 1L)) + 1);
    }
}
