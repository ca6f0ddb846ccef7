package io.readstates.harness.driver;

import io.readstates.harness.latency.LatencyRecorders;
import io.readstates.workload.Operation;
import io.readstates.workload.trace.Trace;
import io.readstates.workload.trace.TraceLane;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replaying a trace through the open-loop driver: at its recorded timing, sped up, or at a chosen rate. */
class TraceScheduleTest {

    /** 20 operations: 10 at 1 ms spacing, a 200 ms silence, then a burst of 10 at the same instant. */
    private static Trace burstyTrace(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("op,user,channel,message_id,at_ns\n");
        for (int i = 0; i < 10; i++) {
            csv.append("ack,").append(i + 1).append(",7,").append(100 + i).append(',').append(i * 1_000_000L).append('\n');
        }
        for (int i = 10; i < 20; i++) {
            csv.append("mention,").append(i + 1).append(",7,").append(100 + i).append(',').append(209_000_000L).append('\n');
        }
        Path file = dir.resolve("bursty.csv");
        Files.writeString(file, csv);
        return Trace.read(file);
    }

    /** Records when each operation started, relative to the first. */
    private static final class Clocked implements Target {
        final List<long[]> starts = new ArrayList<>();

        @Override
        public synchronized void execute(Operation op) {
            starts.add(new long[] {op.userId, System.nanoTime()});
        }
    }

    @Test
    void aRecordedTraceIsReplayedAtItsOwnTimingNeverEarly(@TempDir Path dir) throws Exception {
        Trace trace = burstyTrace(dir);
        Schedule schedule = Schedule.recorded(trace, 1.0);
        Duration length = Schedule.lengthOf(schedule, trace.size());
        assertThat(schedule.slots(length)).isEqualTo(20);
        Clocked target = new Clocked();
        LatencyRecorders recorders = new LatencyRecorders();
        // The driver's schedule starts after this instant, so operation i is due no earlier than
        // before + its offset; a start before that is early whatever the driver's start-up took.
        long before = System.nanoTime();
        OpenLoopDriver.Outcome outcome = new OpenLoopDriver(schedule, recorders)
                .run(List.of(new OpenLoopDriver.Lane(new TraceLane(trace, 0, 1), target)), length, Duration.ofSeconds(5));
        assertThat(outcome.completed()).isEqualTo(20);
        assertThat(target.starts).extracting(s -> s[0]).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
        assertThat(outcome.maxLagNanos()).as("driver lag").isLessThan(150_000_000L);
        for (int i = 0; i < 20; i++) {
            assertThat(target.starts.get(i)[1] - before).as("operation %d starts no earlier than recorded", i)
                    .isGreaterThanOrEqualTo(schedule.offsetNanos(i));
        }
        Histogram lag = recorders.tagged().stream().filter(t -> t.tag().equals("start-lag")).findFirst().orElseThrow().recorder().getIntervalHistogram();
        assertThat(lag.getTotalCount()).isEqualTo(20);
    }

    @Test
    void speedScalesRecordedTimesAndRateSpacesThemEvenly(@TempDir Path dir) throws Exception {
        Trace trace = burstyTrace(dir);
        Schedule fast = Schedule.recorded(trace, 4.0);
        assertThat(fast.offsetNanos(10)).isEqualTo(209_000_000L / 4);
        assertThat(fast.slots(Duration.ofMillis(10))).isEqualTo(10);
        Schedule even = Schedule.fixedRate(1_000, trace.size());
        assertThat(even.offsetNanos(10)).isEqualTo(10_000_000L);
        assertThat(even.slots(Duration.ofHours(1))).isEqualTo(20);
        assertThat(Schedule.lengthOf(even, trace.size())).isGreaterThan(Duration.ofMillis(19)).isLessThan(Duration.ofMillis(21));
    }

    @Test
    void aTraceWithoutTimesCannotBeReplayedAtItsTiming(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("untimed.csv");
        Files.writeString(file, "op,user,channel,message_id\nack,1,2,3\n");
        assertThatThrownBy(() -> Schedule.recorded(Trace.read(file), 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--trace-timing rate");
        assertThatThrownBy(() -> Schedule.recorded(burstyTrace(dir), 0))
                .hasMessageContaining("positive factor");
    }
}
