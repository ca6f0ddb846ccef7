package io.readstates.store.backing;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;

/**
 * The durable store behind the cache — Cassandra's role in the Read States service.
 *
 * <p>Why writes carry a version: the cache writes a state from two places that can race (the
 * write-behind flusher and the eviction path), and does so outside its own lock so that a slow
 * write never stalls hits. The backing store therefore resolves concurrent writes the way
 * Cassandra does with {@code USING TIMESTAMP}: the write with the highest version wins, whatever
 * order they arrive in. Version 0 means "create if absent" and never overwrites.
 *
 * <p>Implementations are thread-safe. Loads and partition reads deliver into caller-owned holders
 * and sinks so that the cache's miss path does not allocate per state.
 */
public interface BackingStore extends AutoCloseable {

    /** Copies the state into {@code out} and returns true, or returns false if it does not exist. */
    boolean load(long userId, long channelId, ReadStateHolder out);

    /**
     * True when a load is a sub-microsecond read of memory (the embedded tables), so that the cache
     * may load while holding its own lock instead of releasing and re-taking it around the load;
     * false (the default) for anything that can be slow — a database, a latency model — where a
     * load inside the lock would stall every other operation.
     */
    default boolean loadsFromMemory() {
        return false;
    }

    /**
     * True when a write only stores into this process's memory — it never waits for a device, the
     * kernel's writeback of a mapped file, or a network — so that an operation may write its own
     * write-behind captures instead of waking the flusher thread; false (the default) otherwise. A
     * table persisted to a mapped file loads from memory but is not written to it: dirtying its
     * pages can stall for the kernel's writeback (measured: operations of the object graph waiting
     * up to 30 ms in such writes, docs/measurements.md).
     */
    default boolean writesToMemory() {
        return false;
    }

    /** Delivers every state of the user (one partition read) and returns how many. */
    int loadPartition(long userId, ReadStateSink sink);

    /** Applies the batch: per state, the highest version wins; version 0 only creates. */
    void write(WriteBatch batch);

    /** Every stored state, for checks and dumps. */
    void forEach(ReadStateSink sink);

    /** Stored states. */
    long size();

    /** Bytes held outside the Java heap (0 for heap-resident stores). */
    long offHeapBytes();

    /** A short description for result files: kind and latency model. */
    String describe();

    @Override
    void close();
}
