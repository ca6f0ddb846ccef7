package io.readstates.harness.latency;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;
import io.readstates.store.backing.BackingStore;
import io.readstates.store.backing.WriteBatch;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Times every call the cache makes to its backing store — loads (a state or a user's partition:
 * the cost of a miss) and batched writes — with HdrHistogram recorders, so that a cell reports
 * what a miss really cost against Cassandra, the embedded table or the latency model, beside the
 * latency of the operations that paid it. Recording is wait-free and does not allocate.
 */
public final class TimedBackingStore implements BackingStore {
    private final BackingStore inner;
    private final Recorder loads = new Recorder(1, LatencyRecorders.HIGHEST_NANOS, LatencyRecorders.DIGITS);
    private final Recorder writes = new Recorder(1, LatencyRecorders.HIGHEST_NANOS, LatencyRecorders.DIGITS);

    public TimedBackingStore(BackingStore inner) {
        this.inner = inner;
        // A recorder makes its second histogram at its first reset; made now, before the cell's
        // full collections, it is old by the time the window's reset swaps it in.
        reset();
    }

    private static void record(Recorder r, long start) {
        r.recordValue(Math.min(LatencyRecorders.HIGHEST_NANOS, System.nanoTime() - start));
    }

    @Override
    public boolean load(long userId, long channelId, ReadStateHolder out) {
        long start = System.nanoTime();
        boolean found = inner.load(userId, channelId, out);
        record(loads, start);
        return found;
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        long start = System.nanoTime();
        int n = inner.loadPartition(userId, sink);
        record(loads, start);
        return n;
    }

    @Override
    public void write(WriteBatch batch) {
        long start = System.nanoTime();
        inner.write(batch);
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

    /** The store behind the timing. */
    public BackingStore inner() {
        return inner;
    }

    @Override
    public void forEach(ReadStateSink sink) {
        inner.forEach(sink);
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public long offHeapBytes() {
        return inner.offHeapBytes();
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
