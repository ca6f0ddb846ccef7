package io.readstates.store.engine;

import io.readstates.store.backing.WriteBatch;

import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of dirty states that write-behind passes between a store's operations and its flusher
 * thread, so that the flusher never takes the store's lock while operations keep coming: an
 * operation captures due states into a batch under the lock it holds anyway, the flusher writes the
 * batch to the backing store without that lock, and later operations confirm it under the lock again.
 *
 * <p>A fixed pool of batches goes round: free (guarded by the store's lock) → captured → written →
 * free. The two queues are as long as the pool, so publishing never blocks or fails; when every batch
 * is in flight, operations simply capture nothing until one comes back (the sweep falls behind its
 * schedule and catches up). Nothing here allocates once the batches have grown to their size.
 *
 * <p>Every operation asks whether a written batch waits; almost always none does, so the answer
 * comes from a count of waiting batches (one volatile read) rather than from the queue, whose
 * {@code peek} takes the queue's own lock on every call.
 */
final class FlushHandoff {

    /** One batch on its way round, with what confirming it needs. */
    static final class Batch {
        final WriteBatch entries;
        /** The eviction log's sequence before the first capture: a state that left since may not be marked clean. */
        long captureSequence;
        /** How many entries operations have confirmed so far. */
        int confirmed;
        /** True when the backing store refused the write: the states stay dirty and are captured again. */
        boolean failed;

        Batch(int capacity) {
            this.entries = new WriteBatch(capacity);
        }

        void reset() {
            entries.clear();
            confirmed = 0;
            failed = false;
        }
    }

    private final ArrayDeque<Batch> free;
    private final ArrayBlockingQueue<Batch> captured;
    private final ArrayBlockingQueue<Batch> written;
    /** Batches in {@link #written}: raised after a batch is queued, lowered after it is removed. */
    private final AtomicInteger writtenWaiting = new AtomicInteger();

    FlushHandoff(int batches, int batchCapacity) {
        free = new ArrayDeque<>(batches);
        captured = new ArrayBlockingQueue<>(batches);
        written = new ArrayBlockingQueue<>(batches);
        for (int i = 0; i < batches; i++) {
            free.add(new Batch(batchCapacity));
        }
    }

    /** A batch to capture into, or null when all are in flight. Caller holds the store's lock. */
    Batch takeFree() {
        return free.poll();
    }

    /** Returns a confirmed batch to the pool. Caller holds the store's lock. */
    void recycle(Batch batch) {
        batch.reset();
        free.add(batch);
    }

    /** Hands a batch of captured states to the flusher. */
    void publishCaptured(Batch batch) {
        captured.add(batch);
    }

    /** The next captured batch, waiting up to {@code nanos} (none: at once), or null. */
    Batch awaitCaptured(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return nanos > 0 ? captured.poll(nanos, TimeUnit.NANOSECONDS) : captured.poll();
    }

    /** Hands a written (or failed) batch back for confirmation. */
    void publishWritten(Batch batch) {
        written.add(batch);
        writtenWaiting.incrementAndGet();
    }

    /** The oldest batch waiting for confirmation, left in place, or null. Caller holds the store's lock. */
    Batch peekWritten() {
        return writtenWaiting.get() == 0 ? null : written.peek();
    }

    /** Removes the batch {@link #peekWritten} returned, once it is confirmed. Caller holds the store's lock. */
    void removeWritten() {
        if (written.poll() != null) {
            writtenWaiting.decrementAndGet();
        }
    }
}
