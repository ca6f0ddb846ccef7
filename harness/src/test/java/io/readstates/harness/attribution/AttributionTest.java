package io.readstates.harness.attribution;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attribution on constructed timelines: every rule of docs/slow-operations.md, one at a time. */
class AttributionTest {
    private static final long MS = 1_000_000;
    private static final long[] NORMAL = {20_000, 20_000, 20_000, 20_000};

    private static List<Attribution.Attributed> attribute(SlowOps ops, CauseTimeline t) {
        return Attribution.attribute(ops, t, NORMAL);
    }

    @Test
    void anOperationInsideAPauseIsTheCollectorsAndOneQueuedBehindItOnTheSameWorkerToo() {
        CauseTimeline t = new CauseTimeline().add(Cause.GC_PAUSE, CauseTimeline.ANY_WORKER, 10 * MS, 15 * MS);
        SlowOps ops = new SlowOps(MS, 16);
        ops.offer(11 * MS, 11 * MS, 15 * MS + 20_000, 0, 0);
        // due at 15.01 ms, while the worker still ran the first one, and then it took 3 ms on its own
        ops.offer(15 * MS + 10_000, 15 * MS + 20_000, 16 * MS + 30_000, 1, 0);
        List<Attribution.Attributed> a = attribute(ops, t);
        assertThat(a.get(0).main()).isEqualTo(Cause.GC_PAUSE);
        assertThat(a.get(0).nanos(Cause.GC_PAUSE)).isEqualTo(4 * MS);
        assertThat(a.get(1).main()).as("queued behind an operation the pause held").isEqualTo(Cause.UNEXPLAINED);
        assertThat(a.get(1).nanos(Cause.GC_PAUSE)).as("its late start is the pause's").isEqualTo(10_000);
    }

    @Test
    void theLateStartBehindASlowOperationGoesToThatOperationsCause() {
        CauseTimeline t = new CauseTimeline().add(Cause.GC_PAUSE, CauseTimeline.ANY_WORKER, 10 * MS, 15 * MS);
        SlowOps ops = new SlowOps(MS, 16);
        ops.offer(10 * MS, 10 * MS, 15 * MS + 2 * MS, 0, 0);
        // due during the pause on another worker? no: same worker, due after the pause, started when the first ended
        ops.offer(15 * MS + 100_000, 17 * MS, 17 * MS + 20_000, 0, 0);
        ops.offer(15 * MS + 100_000, 15 * MS + 100_000, 17 * MS, 0, 1);
        List<Attribution.Attributed> a = attribute(ops, t);
        assertThat(a.get(1).main()).as("waited for worker 0 to finish an operation the pause made slow").isEqualTo(Cause.GC_PAUSE);
        assertThat(a.get(1).nanos(Cause.GC_PAUSE)).isEqualTo(17 * MS - (15 * MS + 100_000));
        assertThat(a.get(2).main()).as("another worker's operation is not queued behind worker 0").isEqualTo(Cause.UNEXPLAINED);
    }

    @Test
    void aStallTheOutsideControlSawWithNoGcIsThePlatform() {
        CauseTimeline t = new CauseTimeline().add(Cause.PLATFORM, CauseTimeline.ANY_WORKER, 5 * MS, 9 * MS)
                .add(Cause.CONCURRENT_GC, CauseTimeline.ANY_WORKER, 0, 100 * MS);
        SlowOps ops = new SlowOps(MS, 4);
        ops.offer(5 * MS, 5 * MS, 9 * MS, 2, 0);
        assertThat(attribute(ops, t).get(0).main()).as("a platform stall outranks CPU contention").isEqualTo(Cause.PLATFORM);
    }

    @Test
    void aMissWithASlowLoadIsTheBackingStoreOfItsOwnWorkerOnly() {
        CauseTimeline t = new CauseTimeline().add(Cause.BACKING_STORE, 3, 20 * MS, 24 * MS);
        SlowOps ops = new SlowOps(MS, 4);
        ops.offer(20 * MS, 20 * MS, 24 * MS + 10_000, 2, 3);
        ops.offer(20 * MS, 20 * MS, 24 * MS + 10_000, 2, 4);
        List<Attribution.Attributed> a = attribute(ops, t);
        assertThat(a.get(0).main()).isEqualTo(Cause.BACKING_STORE);
        assertThat(a.get(1).main()).as("worker 4 did not wait for worker 3's load").isEqualTo(Cause.UNEXPLAINED);
    }

    @Test
    void withNothingOverlappingTheExcessOverTheNormalServiceTimeIsUnexplained() {
        SlowOps ops = new SlowOps(MS, 4);
        ops.offer(0, 0, 2 * MS, 0, 0);
        Attribution.Attributed a = attribute(ops, new CauseTimeline()).get(0);
        assertThat(a.main()).isEqualTo(Cause.UNEXPLAINED);
        assertThat(a.nanos(Cause.UNEXPLAINED)).isEqualTo(2 * MS - NORMAL[0]);
    }

    @Test
    void overlappingCausesNeverCountTheSameTimeTwiceAndPrecedenceDecides() {
        CauseTimeline t = new CauseTimeline().add(Cause.CONCURRENT_GC, CauseTimeline.ANY_WORKER, 0, 10 * MS)
                .add(Cause.SAFEPOINT, CauseTimeline.ANY_WORKER, 2 * MS, 4 * MS)
                .add(Cause.GC_PAUSE, CauseTimeline.ANY_WORKER, 3 * MS, 6 * MS)
                .add(Cause.GC_PAUSE, CauseTimeline.ANY_WORKER, 5 * MS, 7 * MS);
        long[] out = new long[Cause.values().length];
        long covered = t.cover(0, 1 * MS, 8 * MS, out);
        assertThat(covered).isEqualTo(7 * MS);
        assertThat(out[Cause.GC_PAUSE.ordinal()]).as("3–7 ms, the two pauses merged").isEqualTo(4 * MS);
        assertThat(out[Cause.SAFEPOINT.ordinal()]).as("2–3 ms: the pause outranks it after").isEqualTo(MS);
        assertThat(out[Cause.CONCURRENT_GC.ordinal()]).as("1–2 and 7–8 ms").isEqualTo(2 * MS);
    }

    @Test
    void theBreakdownCountsOperationsAboveAThresholdByMainCause() {
        CauseTimeline t = new CauseTimeline().add(Cause.GC_PAUSE, CauseTimeline.ANY_WORKER, 10 * MS, 20 * MS);
        SlowOps ops = new SlowOps(MS, 8);
        ops.offer(10 * MS, 10 * MS, 20 * MS, 0, 0);
        ops.offer(30 * MS, 30 * MS, 35 * MS, 0, 1);
        ops.offer(40 * MS, 40 * MS, 41 * MS + 500_000, 0, 1);
        List<Attribution.Attributed> a = attribute(ops, t);
        Attribution.Breakdown above2ms = Attribution.breakdown(ops, a, 2 * MS);
        assertThat(above2ms.operations()).isEqualTo(2);
        assertThat(above2ms.byMainCause()).containsEntry(Cause.GC_PAUSE, 1L).containsEntry(Cause.UNEXPLAINED, 1L);
        assertThat(above2ms.collectorShare()).isEqualTo(0.5);
    }

    @Test
    void aFullColumnCountsWhatItDrops() {
        SlowOps ops = new SlowOps(MS, 1);
        ops.offer(0, 0, 2 * MS, 0, 0);
        ops.offer(0, 0, 3 * MS, 0, 0);
        ops.offer(0, 0, MS / 2, 0, 0);
        assertThat(ops.size()).isEqualTo(1);
        assertThat(ops.dropped()).as("the fast one is not a drop").isEqualTo(1);
    }

    @Test
    void derivedCausesCannotBeRecorded() {
        assertThatThrownBy(() -> new CauseTimeline().add(Cause.QUEUEING, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
