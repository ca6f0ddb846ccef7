package io.readstates.harness.latency;

import io.readstates.workload.OperationType;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One HdrHistogram {@link Recorder} per operation type and clock, plus the platform-hiccup control.
 *
 * <p>Two clocks per operation (see {@code package-info}): <em>response time</em> from the
 * operation's intended start in the open-loop schedule, and <em>service time</em> from its actual
 * start. Recorders are wait-free for writers and hand out interval histograms to the
 * {@link IntervalLog} thread without stopping them. Ranges are fixed (1 ns to 10 min, 3 significant
 * digits) so recording never resizes — that is, never allocates — on the timed path; a value beyond
 * the range is clamped to it (and would show as a 10-minute max, which no one can miss).
 */
public final class LatencyRecorders {
    public static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);
    public static final int DIGITS = 3;
    private static final OperationType[] TYPES = OperationType.values();

    private final Recorder[] response = new Recorder[TYPES.length];
    private final Recorder[] service = new Recorder[TYPES.length];
    private final Recorder hiccup = newRecorder();
    private final Recorder startLag = newRecorder();

    public LatencyRecorders() {
        for (int i = 0; i < TYPES.length; i++) {
            response[i] = newRecorder();
            service[i] = newRecorder();
        }
    }

    private static Recorder newRecorder() {
        return new Recorder(1, HIGHEST_NANOS, DIGITS);
    }

    private static long clamp(long nanos) {
        return Math.max(0, Math.min(HIGHEST_NANOS, nanos));
    }

    /** Records one operation: {@code responseNanos} from intended start, {@code serviceNanos} from actual start. */
    public void record(OperationType type, long responseNanos, long serviceNanos) {
        response[type.ordinal()].recordValue(clamp(responseNanos));
        service[type.ordinal()].recordValue(clamp(serviceNanos));
    }

    /**
     * An operation the schedule asked for that never ran before the driver's deadline: recorded in
     * response time only, at (deadline − intended start) — a lower bound on what it would have taken.
     * Leaving it out would drop exactly the most delayed operations from the tail.
     */
    public void recordUnrun(OperationType type, long responseNanos) {
        response[type.ordinal()].recordValue(clamp(responseNanos));
    }

    /** How late an operation started against its intended start: the driver's backlog, in time. */
    public void recordStartLag(long nanos) {
        startLag.recordValue(clamp(nanos));
    }

    /** One wake-up of the hiccup control, corrected for the wake-ups a stall swallowed (one per {@code expectedIntervalNanos}). */
    public void recordHiccup(long nanos, long expectedIntervalNanos) {
        hiccup.recordValueWithExpectedInterval(clamp(nanos), expectedIntervalNanos);
    }

    /** A recorder with the tag it is logged under. */
    public record Tagged(String tag, Recorder recorder) {
    }

    /** Every recorder with its interval-log tag: {@code <op>.response}, {@code <op>.service}, {@code hiccup}, {@code start-lag}. */
    public List<Tagged> tagged() {
        List<Tagged> out = new ArrayList<>();
        for (OperationType t : TYPES) {
            out.add(new Tagged(t.tag() + ".response", response[t.ordinal()]));
        }
        for (OperationType t : TYPES) {
            out.add(new Tagged(t.tag() + ".service", service[t.ordinal()]));
        }
        out.add(new Tagged("hiccup", hiccup));
        out.add(new Tagged("start-lag", startLag));
        return out;
    }

    /** An empty histogram shaped like the recorders', for accumulating totals. */
    public static Histogram newTotal() {
        return new Histogram(1, HIGHEST_NANOS, DIGITS);
    }
}
