package io.readstates.store.layout;

import io.readstates.store.ReadStateSink;

/**
 * The memory layout of an LRU of read states — the one thing that differs between the object
 * graph, the primitive arrays and the off-heap store, and so the thing the experiment varies.
 *
 * <p>Why a cursor: the layouts name an entry differently (a node object, an array slot, a segment
 * offset). A cursor that {@link #seek} positions, and that the accessors then read and write, lets
 * one engine ({@code WriteBehindLruStore}) drive every layout without boxing a handle or allocating
 * per operation. Layouts are not thread-safe; the engine serialises access.
 *
 * <p>Dirty stamps: {@code 0} means clean; a positive value is the engine's clock second at which the
 * state first became dirty (the write-behind flusher writes states whose stamp is old enough).
 */
public interface LruLayout extends AutoCloseable {

    /** Positions the cursor on (user, channel) and returns true, or returns false. LRU order is unchanged. */
    boolean seek(long userId, long channelId);

    /** Makes the cursor's entry the most recently used. */
    void moveToFront();

    long userId();

    long channelId();

    long lastMessageId();

    int mentionCount();

    int dirtyStamp();

    /** Overwrites the cursor entry's state. */
    void update(long lastMessageId, int mentionCount, int dirtyStamp);

    /** True when an insert would exceed capacity. */
    boolean isFull();

    /** Inserts a new entry (not present, layout not full) as most recently used and positions the cursor on it. */
    void insertFront(long userId, long channelId, long lastMessageId, int mentionCount, int dirtyStamp);

    /** Positions the cursor on the least recently used entry; returns false when empty. */
    boolean seekEldest();

    /** Removes the cursor's entry; the cursor is then undefined. */
    void removeCurrent();

    long size();

    long capacity();

    /** Number of sweep positions (buckets or slots) for {@link #sweep}. */
    long sweepPositions();

    /**
     * Visits the entries at positions {@code [from, min(from + count, sweepPositions()))}; returns the
     * next position. The sweep looks for dirty states only, so a layout may skip an entry whose dirty
     * stamp is 0 (clean) when that saves it a lookup.
     */
    long sweep(long from, long count, EntryVisitor visitor);

    /** Most recent first: the LRU order, for checks. */
    void forEachMostRecentFirst(ReadStateSink sink);

    /**
     * True for ordered layouts that can list a user's states and remember that all of them are
     * resident, so that {@code ready} is served from memory by a range scan.
     */
    default boolean ordered() {
        return false;
    }

    /** True when every state of the user is known to be resident (set by {@link #markUserComplete}, cleared by eviction). */
    default boolean userComplete(long userId) {
        return false;
    }

    /** Records that every state of the user is resident. Only for {@link #ordered()} layouts. */
    default void markUserComplete(long userId) {
        throw new UnsupportedOperationException("not an ordered layout");
    }

    /** Delivers every resident state of the user in channel order, making each most recently used; returns how many. */
    default int touchAllOfUser(long userId, ReadStateSink sink) {
        throw new UnsupportedOperationException("not an ordered layout");
    }

    /** Bytes reserved outside the Java heap. */
    long offHeapBytes();

    /** Throws {@link IllegalStateException} when index, LRU list and slot accounting disagree. */
    void checkInvariants();

    @Override
    void close();

    /** Receives entries during a sweep. */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(long userId, long channelId, long lastMessageId, int mentionCount, int dirtyStamp);
    }
}
