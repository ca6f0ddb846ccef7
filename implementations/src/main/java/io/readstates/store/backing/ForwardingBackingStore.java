package io.readstates.store.backing;

import io.readstates.store.ReadStateHolder;
import io.readstates.store.ReadStateSink;

/**
 * A backing store that hands every call to another one: the base of the wrappers that add one
 * concern around a real store — a latency model ({@link DelayedBackingStore}), timing, a test's gate
 * — so that each overrides only the calls it changes and none repeats the rest.
 */
public abstract class ForwardingBackingStore implements BackingStore {
    private final BackingStore inner;

    protected ForwardingBackingStore(BackingStore inner) {
        this.inner = inner;
    }

    /** The store behind this wrapper. */
    public BackingStore inner() {
        return inner;
    }

    @Override
    public boolean load(long userId, long channelId, ReadStateHolder out) {
        return inner.load(userId, channelId, out);
    }

    @Override
    public int loadPartition(long userId, ReadStateSink sink) {
        return inner.loadPartition(userId, sink);
    }

    @Override
    public void write(WriteBatch batch) {
        inner.write(batch);
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
