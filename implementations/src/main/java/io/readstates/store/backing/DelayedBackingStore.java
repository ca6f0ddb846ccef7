package io.readstates.store.backing;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A backing store whose every call first waits one sampled database round trip: the latency
 * model of {@code docs/backing-store-and-cache-size.md}. Loads (a state, or a user's partition) wait a
 * sample of the load distribution; a batched write waits one sample of the write distribution
 * per batch, as one batch statement per round trip does.
 *
 * <p>Why it matters: the stores call the backing store outside their own locks, so a slow load
 * must delay only the operation that missed. With this model in place that property is measured,
 * not assumed, and the cache-size experiment can weigh a bigger heap against fewer slow misses.
 *
 * <p>Implementation note: the wait parks for all but the last 50 µs and spins the rest, because
 * {@code parkNanos} on Linux overshoots by tens of microseconds (timer slack); a parked thread
 * costs no CPU, as a thread waiting on a socket would not. Waiting never allocates.
 */
public final class DelayedBackingStore extends ForwardingBackingStore {
    private static final long SPIN_NANOS = 50_000;

    private final DelayDistribution load;
    private final DelayDistribution write;
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong loadNanos = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private volatile boolean delaying = true;

    public DelayedBackingStore(BackingStore inner, DelayDistribution load, DelayDistribution write) {
        super(inner);
        this.load = load;
        this.write = write;
    }

    /** {@code inner} itself when both distributions are {@code none}. */
    public static BackingStore wrap(BackingStore inner, DelayDistribution load, DelayDistribution write) {
        return load.isNone() && write.isNone() ? inner : new DelayedBackingStore(inner, load, write);
    }

    /**
     * Turns the round trips on or off: a harness fills the cache before it measures, and a fill
     * of millions of states at a database's speed would take longer than the run.
     */
    public void delaying(boolean on) {
        delaying = on;
    }

    private void waitFor(long nanos, AtomicLong count, AtomicLong total) {
        if (nanos <= 0 || !delaying) {
            return;
        }
        long deadline = System.nanoTime() + nanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (left > SPIN_NANOS) {
                LockSupport.parkNanos(left - SPIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
        count.incrementAndGet();
        total.addAndGet(nanos);
    }

    @Override
    public boolean load(long userId, long channelId, ReadStateHolder out) {
        waitFor(load.sampleNanos(), loads, loadNanos);
        return inner().load(userId, channelId, out);
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        waitFor(load.sampleNanos(), loads, loadNanos);
        return inner().loadPartition(userId, sink);
    }

    @Override
    public void write(WriteBatch batch) {
        if (batch.size() == 0) {
            return;
        }
        waitFor(write.sampleNanos(), writes, writeNanos);
        inner().write(batch);
    }

    /** Delayed loads so far (state and partition reads). */
    public long delayedLoads() {
        return loads.get();
    }

    /** Sum of the sampled load delays, in nanoseconds. */
    public long loadDelayNanos() {
        return loadNanos.get();
    }

    /** Delayed batch writes so far. */
    public long delayedWrites() {
        return writes.get();
    }

    /** Sum of the sampled write delays, in nanoseconds. */
    public long writeDelayNanos() {
        return writeNanos.get();
    }

    @Override
    public String describe() {
        return inner().describe() + "; round trips: load " + load + ", batch write " + write;
    }

}
