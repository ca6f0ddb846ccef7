package io.readstates.store.layout;

import io.readstates.store.support.NativeMemory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Slot columns in native memory through the FFM API — the JVM counterpart of the Rust rewrite:
 * nothing for the collector to see, freed deterministically when the store closes.
 *
 * <p>Each slot is one 38-byte record (row layout, so a state is one cache line or two):
 * {@code user(8) channel(8) last(8) mentions(4) prev(4) next(4) dirty(2)}; the index is a second
 * segment of ints. Accesses are unaligned-capable to allow the packed stride.
 *
 * <p>Reference: JEP 454, Foreign Function &amp; Memory API (final in JDK 22).
 */
public final class SegmentColumns implements SlotColumns {
    /** A state's packed record: {@code user(8) channel(8) last(8) mentions(4) prev(4) next(4) dirty(2)}. */
    private static final long STRIDE = 38;
    private static final long USER = 0;
    private static final long CHANNEL = 8;
    private static final long LAST = 16;
    private static final long MENTIONS = 24;
    private static final long PREV = 28;
    private static final long NEXT = 32;
    private static final long DIRTY = 36;
    /** An index slot: a slot number (an int). */
    private static final long INDEX_ENTRY = 4;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfChar CHAR = ValueLayout.JAVA_CHAR_UNALIGNED;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment records;
    private final MemorySegment index;
    private final int slots;
    private final int indexLength;

    public SegmentColumns(int slots, int indexLength) {
        this.slots = slots;
        this.indexLength = indexLength;
        NativeMemory.require(STRIDE * slots + INDEX_ENTRY * indexLength, "an off-heap store of " + slots + " states");
        this.records = arena.allocate(STRIDE * slots, 8);
        this.index = arena.allocate(INDEX_ENTRY * indexLength, 8);
    }

    private static long at(int s) {
        return s * STRIDE;
    }

    @Override public int slots() { return slots; }
    @Override public long user(int s) { return records.get(LONG, at(s) + USER); }
    @Override public long channel(int s) { return records.get(LONG, at(s) + CHANNEL); }
    @Override public long last(int s) { return records.get(LONG, at(s) + LAST); }
    @Override public int mentions(int s) { return records.get(INT, at(s) + MENTIONS); }
    @Override public int prev(int s) { return records.get(INT, at(s) + PREV); }
    @Override public int next(int s) { return records.get(INT, at(s) + NEXT); }
    @Override public int dirty(int s) { return records.get(CHAR, at(s) + DIRTY); }

    @Override
    public void setKey(int s, long user, long channel) {
        long o = at(s);
        records.set(LONG, o + USER, user);
        records.set(LONG, o + CHANNEL, channel);
    }

    @Override
    public void setState(int s, long last, int mentionCount, int dirtyStamp) {
        long o = at(s);
        records.set(LONG, o + LAST, last);
        records.set(INT, o + MENTIONS, mentionCount);
        records.set(CHAR, o + DIRTY, (char) dirtyStamp);
    }

    @Override public void setPrev(int s, int v) { records.set(INT, at(s) + PREV, v); }
    @Override public void setNext(int s, int v) { records.set(INT, at(s) + NEXT, v); }
    @Override public int indexLength() { return indexLength; }
    @Override public int index(int i) { return index.getAtIndex(ValueLayout.JAVA_INT, i); }
    @Override public void setIndex(int i, int v) { index.setAtIndex(ValueLayout.JAVA_INT, i, v); }
    @Override public long offHeapBytes() { return records.byteSize() + index.byteSize(); }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
