package io.readstates.harness.latency;

import io.readstates.harness.attribution.IntervalRing;
import io.readstates.harness.attribution.DriverWorker;
import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.ForwardingBackingStore;
import io.readstates.store.backing.WriteBatch;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Times every call the cache makes to its backing store — loads (a state or a user's partition:
 * the cost of a miss) and batched writes — with HdrHistogram recorders, so that a cell reports
 * what a miss really cost against Cassandra, the embedded table or the latency model, beside the
 * latency of the operations that paid it. Recording is wait-free and does not allocate.
 */
public final class TimedBackingStore extends ForwardingBackingStore {
    private final Recorder loads = new Recorder(1, LatencyRecorders.HIGHEST_NANOS, LatencyRecorders.DIGITS);
    private final Recorder writes = new Recorder(1, LatencyRecorders.HIGHEST_NANOS, LatencyRecorders.DIGITS);
    private volatile IntervalRing onOperationPath;

    /** Timing adds nanoseconds, so a load stays as fast as the timed store's. */
    @Override
    public boolean loadsFromMemory() {
        return inner().loadsFromMemory();
    }

    public TimedBackingStore(BackingStore inner) {
        super(inner);
        // A recorder makes its second histogram at its first reset; made now, before the cell's
        // full collections, it is old by the time the window's reset swaps it in.
        reset();
    }

    /**
     * Also keeps, in {@code ring}, every call made on a driver worker's thread (a miss's load, an
     * evicted dirty state's write): the operation that made it waited for it.
     */
    public void recordOperationPath(IntervalRing ring) {
        onOperationPath = ring;
    }

    private void record(Recorder r, long start) {
        long end = System.nanoTime();
        r.recordValue(Math.min(LatencyRecorders.HIGHEST_NANOS, end - start));
        IntervalRing ring = onOperationPath;
        if (ring != null) {
            int worker = DriverWorker.current();
            if (worker >= 0) {
                ring.record(start, end, worker);
            }
        }
    }

    @Override
    public boolean load(long userId, long channelId, ReadStateHolder out) {
        long start = System.nanoTime();
        boolean found = inner().load(userId, channelId, out);
        record(loads, start);
        return found;
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        long start = System.nanoTime();
        int n = inner().loadPartition(userId, sink);
        record(loads, start);
        return n;
    }

    @Override
    public void write(WriteBatch batch) {
        long start = System.nanoTime();
        inner().write(batch);
        record(writes, start);
    }

    /** Discards what was recorded so far (the cache fill and the warm-up); allocates nothing after the first call. */
    public void reset() {
        loads.reset();
        writes.reset();
    }

    /** Load times since the last call (or reset), in nanoseconds. */
    public Histogram loadTimes() {
        return loads.getIntervalHistogram();
    }

    /** Batch-write times since the last call (or reset), in nanoseconds. */
    public Histogram writeTimes() {
        return writes.getIntervalHistogram();
    }

}
