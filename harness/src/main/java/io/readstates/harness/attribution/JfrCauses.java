package io.readstates.harness.attribution;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The causes a cell's JFR recording holds, put on the cell's clock: GC pauses
 * ({@code jdk.GCPhasePause}), safepoints from the start of {@code jdk.SafepointBegin} to the end of
 * the {@code jdk.SafepointEnd} with the same id (time to safepoint included — the threads that
 * reached it first waited for the last), ZGC allocation stalls of the driver's own threads, and
 * concurrent GC phases.
 */
final class JfrCauses {
    private static final String DRIVER_THREAD = "readstates-driver-";

    private JfrCauses() {
    }

    /** Adds the recording's causes to {@code timeline} and returns how many intervals each cause got. */
    static Map<Cause, Long> addTo(CauseTimeline timeline, List<RecordedEvent> events, CellClock clock) {
        Map<Cause, Long> counts = new HashMap<>();
        Map<Long, RecordedEvent> safepointBegins = new HashMap<>();
        Map<Long, RecordedEvent> safepointEnds = new HashMap<>();
        for (RecordedEvent e : events) {
            switch (e.getEventType().getName()) {
                case "jdk.GCPhasePause" -> add(timeline, counts, Cause.GC_PAUSE, CauseTimeline.ANY_WORKER, e, clock);
                case "jdk.GCPhaseConcurrent" -> add(timeline, counts, Cause.CONCURRENT_GC, CauseTimeline.ANY_WORKER, e, clock);
                case "jdk.ZAllocationStall" -> {
                    int worker = driverWorker(e.getThread());
                    if (worker >= 0) {
                        add(timeline, counts, Cause.ALLOCATION_STALL, worker, e, clock);
                    }
                }
                case "jdk.SafepointBegin" -> safepointBegins.put(e.getLong("safepointId"), e);
                case "jdk.SafepointEnd" -> safepointEnds.put(e.getLong("safepointId"), e);
                default -> {
                }
            }
        }
        safepointBegins.forEach((id, begin) -> {
            RecordedEvent end = safepointEnds.get(id);
            if (end != null) {
                timeline.add(Cause.SAFEPOINT, CauseTimeline.ANY_WORKER, clock.nanosOf(begin.getStartTime()), clock.nanosOf(end.getEndTime()));
                counts.merge(Cause.SAFEPOINT, 1L, Long::sum);
            }
        });
        return counts;
    }

    private static void add(CauseTimeline timeline, Map<Cause, Long> counts, Cause cause, int worker, RecordedEvent e, CellClock clock) {
        timeline.add(cause, worker, clock.nanosOf(e.getStartTime()), clock.nanosOf(e.getEndTime()));
        counts.merge(cause, 1L, Long::sum);
    }

    /** The driver worker a thread is, by the name the driver gives its threads, or -1. */
    static int driverWorker(RecordedThread thread) {
        String name = thread == null ? null : thread.getJavaName();
        if (name == null || !name.startsWith(DRIVER_THREAD)) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(DRIVER_THREAD.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
