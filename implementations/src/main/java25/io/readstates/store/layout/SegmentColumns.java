package io.readstates.store.layout;

import io.readstates.store.NativeMemory;

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
    private static final long STRIDE = 38;
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
        NativeMemory.require(STRIDE * slots + 4L * indexLength, "an off-heap store of " + slots + " states");
        this.records = arena.allocate(STRIDE * slots, 8);
        this.index = arena.allocate(4L * indexLength, 8);
    }

    private static long at(int s) {
        return s * STRIDE;
    }

    @Override public int slots() { return slots; }
    @Override public long user(int s) { return records.get(LONG, at(s)); }
    @Override public long channel(int s) { return records.get(LONG, at(s) + 8); }
    @Override public long last(int s) { return records.get(LONG, at(s) + 16); }
    @Override public int mentions(int s) { return records.get(INT, at(s) + 24); }
    @Override public int prev(int s) { return records.get(INT, at(s) + 28); }
    @Override public int next(int s) { return records.get(INT, at(s) + 32); }
    @Override public int dirty(int s) { return records.get(CHAR, at(s) + 36); }

    @Override
    public void setKey(int s, long user, long channel) {
        long o = at(s);
        records.set(LONG, o, user);
        records.set(LONG, o + 8, channel);
    }

    @Override
    public void setState(int s, long last, int mentionCount, int dirtyStamp) {
        long o = at(s);
        records.set(LONG, o + 16, last);
        records.set(INT, o + 24, mentionCount);
        records.set(CHAR, o + 36, (char) dirtyStamp);
    }

    @Override public void setPrev(int s, int v) { records.set(INT, at(s) + 28, v); }
    @Override public void setNext(int s, int v) { records.set(INT, at(s) + 32, v); }
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
