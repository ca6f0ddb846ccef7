package io.readstates.store;

/**
 * An LRU cache of read states — one state per (user, channel) — in front of a {@link BackingStore}.
 *
 * <p>Why one contract: every layout (object graph, Caffeine, primitive arrays, off-heap, …) is a row
 * in every report, so the driver, the conformance suite and the matrix must be able to swap them
 * without knowing which one they hold. The operations mirror the three hot flows of Discord's Read
 * States service (see {@code README.md}, "The stores"):
 * <ul>
 *   <li>{@link #ack}: {@code lastMessageId = max(old, messageId)}, {@code mentionCount = 0};</li>
 *   <li>{@link #mention}: {@code mentionCount += 1};</li>
 *   <li>{@link #ready}: every state of a user (the connect payload);</li>
 *   <li>{@link #get}: one state.</li>
 * </ul>
 * A miss loads from the backing store and inserts (an unknown state starts at (0, 0)); writes are
 * applied in memory, marked dirty and written behind in batches; a dirty state that is evicted is
 * committed to the backing store before its memory is reused. After {@link #flush()} or
 * {@link #close()} the backing store holds every acknowledged update.
 *
 * <p>Implementations are safe for concurrent use. Operations on the hot path do not allocate in
 * steady state: results are delivered into caller-owned {@link ReadStateHolder}s and
 * {@link ReadStateSink}s.
 */
public interface ReadStateStore extends AutoCloseable {

    /** The user has read the channel up to {@code messageId}. */
    void ack(long userId, long channelId, long messageId);

    /** A message {@code messageId} in the channel mentions the user. */
    void mention(long userId, long channelId, long messageId);

    /** Copies the state of (user, channel) into {@code out}, loading it on a miss. */
    void get(long userId, long channelId, ReadStateHolder out);

    /**
     * Delivers every state of the user to {@code sink} (fresh in-memory values win over the backing
     * store's) and makes them resident. Returns how many states were delivered.
     */
    int ready(long userId, ReadStateSink sink);

    /** Writes every dirty state to the backing store now, and waits until it is there. */
    void flush();

    /** Resident states. */
    long size();

    /** Maximum resident states. */
    long capacity();

    /** Counters since construction (hits, misses, evictions, writes). */
    StoreStats stats();

    /** Bytes this store reserved outside the Java heap (0 for on-heap layouts). */
    long offHeapBytes();

    /** Delivers every resident state (in no particular order) — for checks and dumps, not the hot path. */
    void forEachResident(ReadStateSink sink);

    /**
     * Asks the store to report when it holds its lock for background work (a store without such
     * work ignores it, which is the default). Set before the work to be reported.
     */
    default void reportBackgroundWork(BackgroundWork log) {
    }

    /** Flushes, stops background work and releases memory. The backing store stays open. */
    @Override
    void close();
}
