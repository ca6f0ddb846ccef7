package io.readstates.harness.cell;

import io.readstates.harness.driver.Schedule;
import io.readstates.workload.trace.Trace;

import java.nio.file.Path;

/**
 * A cell's measured window driven by a trace file instead of the generated workload: every
 * operation of the trace, at its recorded timing (optionally sped up) or at the cell's rate. The
 * warm-up still runs the generated workload, so the trace is applied exactly once.
 *
 * @param file           a trace in {@code docs/trace-format.md}'s format
 * @param recordedTiming true: the trace's {@code at_ns} times; false: evenly at the cell's rate
 * @param speed          with recorded timing, how much faster than recorded (1 = as recorded)
 */
public record TraceReplay(Path file, boolean recordedTiming, double speed) {

    public TraceReplay {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("trace speed must be a positive factor (1 = as recorded), got " + speed);
        }
    }

    /** {@code recorded} or {@code rate}; anything else is an error naming both. */
    public static boolean recordedByName(String timing) {
        return switch (timing.trim()) {
            case "recorded" -> true;
            case "rate" -> false;
            default -> throw new IllegalArgumentException("unknown trace timing '" + timing + "'; use recorded (the trace's at_ns) or rate (--rate)");
        };
    }

    public Schedule schedule(Trace trace, double rate) {
        return recordedTiming ? Schedule.recorded(trace, speed) : Schedule.fixedRate(rate, trace.size());
    }
}
