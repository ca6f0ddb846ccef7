package io.readstates.store.layout;

import io.readstates.store.ReadStateSink;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

/**
 * An LRU with no object per state: states live in numbered slots of {@link SlotColumns}, the LRU
 * list links slots by int index, a free list recycles evicted slots, and a {@link SlotIndex} maps
 * (user, channel) to a slot — a hash index ({@link HashSlotIndex}) or an ordered one
 * ({@link BTreeSlotIndex}). A free slot has {@code prev == FREE}; sweeps skip it.
 */
public final class SlotLruLayout implements LruLayout {
    private static final int NONE = -1;
    private static final int FREE = -2;

    private final SlotColumns cols;
    private final IntLruList lru;
    private final SlotIndex index;
    private final BTreeSlotIndex ordered;
    private final LongOpenHashSet completeUsers;
    private final UserScan scan = new UserScan();
    private final int capacity;
    private int cur = NONE;
    private int size;
    private int nextUnused;
    private int freeHead = NONE;

    /** A hash-indexed layout: {@code columns} builds the storage for (slots, index length). */
    public SlotLruLayout(long capacity, ColumnsFactory columns) {
        this(capacity, columns, HashSlotIndex::new, HashSlotIndex.lengthFor(checkCapacity(capacity)));
    }

    /** A layout with the given index; {@code indexLength} is the int index storage the columns reserve for it. */
    public SlotLruLayout(long capacity, ColumnsFactory columns, SlotIndex.Factory index, int indexLength) {
        this.capacity = (int) checkCapacity(capacity);
        this.cols = columns.create(this.capacity, indexLength);
        this.lru = new IntLruList(cols);
        this.index = index.create(cols, this.capacity);
        this.ordered = this.index instanceof BTreeSlotIndex b ? b : null;
        this.completeUsers = ordered != null ? new LongOpenHashSet() : null;
    }

    private static long checkCapacity(long capacity) {
        long max = (long) (Integer.MAX_VALUE * HashSlotIndex.LOAD_FACTOR) - 1;
        if (capacity <= 0 || capacity > max) {
            throw new IllegalArgumentException("capacity must be between 1 and " + max + " states, got " + capacity
                    + " (use the sharded store for more)");
        }
        return capacity;
    }

    /** Builds column storage. */
    @FunctionalInterface
    public interface ColumnsFactory {
        SlotColumns create(int slots, int indexLength);
    }

    @Override
    public boolean seek(long userId, long channelId) {
        int s = index.find(userId, channelId);
        if (s < 0) {
            return false;
        }
        cur = s;
        return true;
    }

    @Override
    public void moveToFront() {
        lru.moveToFront(cur);
    }

    @Override public long userId() { return cols.user(cur); }
    @Override public long channelId() { return cols.channel(cur); }
    @Override public long lastMessageId() { return cols.last(cur); }
    @Override public int mentionCount() { return cols.mentions(cur); }
    @Override public int dirtyStamp() { return cols.dirty(cur); }

    @Override
    public void update(long lastMessageId, int mentionCount, int dirtyStamp) {
        cols.setState(cur, lastMessageId, mentionCount, dirtyStamp);
    }

    @Override
    public boolean isFull() {
        return size >= capacity;
    }

    @Override
    public void insertFront(long userId, long channelId, long lastMessageId, int mentionCount, int dirtyStamp) {
        int s;
        if (freeHead != NONE) {
            s = freeHead;
            freeHead = cols.next(s);
        } else {
            s = nextUnused++;
            cols.ensureSlot(s);
        }
        cols.setKey(s, userId, channelId);
        cols.setState(s, lastMessageId, mentionCount, dirtyStamp);
        index.insert(userId, channelId, s);
        lru.linkFront(s);
        size++;
        cur = s;
    }

    @Override
    public boolean seekEldest() {
        cur = lru.tail();
        return cur != NONE;
    }

    @Override
    public void removeCurrent() {
        int s = cur;
        index.remove(cols.user(s), cols.channel(s));
        if (completeUsers != null) {
            completeUsers.remove(cols.user(s));
        }
        lru.unlink(s);
        cols.setPrev(s, FREE);
        cols.setNext(s, freeHead);
        freeHead = s;
        size--;
        cur = NONE;
    }

    @Override public long size() { return size; }
    @Override public long capacity() { return capacity; }
    @Override public long sweepPositions() { return capacity; }

    @Override
    public long sweep(long from, long count, EntryVisitor visitor) {
        final SlotColumns c = cols;
        int end = (int) Math.min(from + count, nextUnused);
        for (int s = (int) from; s < end; s++) {
            if (c.prev(s) != FREE) {
                visitor.visit(c.user(s), c.channel(s), c.last(s), c.mentions(s), c.dirty(s));
            }
        }
        return Math.max(end, Math.min(from + count, capacity));
    }

    @Override
    public void forEachMostRecentFirst(ReadStateSink sink) {
        for (int s = lru.head(); s != NONE; s = cols.next(s)) {
            sink.accept(cols.user(s), cols.channel(s), cols.last(s), cols.mentions(s));
        }
    }

    @Override
    public long offHeapBytes() {
        return cols.offHeapBytes();
    }

    @Override
    public void checkInvariants() {
        int listed = lru.check(size);
        for (int s = lru.head(); s != NONE; s = cols.next(s)) {
            if (index.find(cols.user(s), cols.channel(s)) != s) {
                throw new IllegalStateException("listed slot " + s + " is not found through the index");
            }
        }
        long indexed = index.count();
        int free = 0;
        for (int s = freeHead; s != NONE; s = cols.next(s)) {
            if (cols.prev(s) != FREE || ++free > capacity) {
                throw new IllegalStateException("free list corrupt at slot " + s);
            }
        }
        if (listed != size || indexed != size || free + size != nextUnused || size > capacity) {
            throw new IllegalStateException("size " + size + ", listed " + listed + ", indexed " + indexed
                    + ", free " + free + ", slots used " + nextUnused + ", capacity " + capacity);
        }
    }

    @Override
    public boolean ordered() {
        return ordered != null;
    }

    @Override
    public boolean userComplete(long userId) {
        return completeUsers != null && completeUsers.contains(userId);
    }

    @Override
    public void markUserComplete(long userId) {
        if (completeUsers == null) {
            throw new UnsupportedOperationException("a hash-indexed layout cannot tell when a user's states are all resident");
        }
        completeUsers.add(userId);
    }

    @Override
    public int touchAllOfUser(long userId, ReadStateSink sink) {
        if (ordered == null) {
            throw new UnsupportedOperationException("a hash-indexed layout cannot list a user's states");
        }
        scan.sink = sink;
        scan.count = 0;
        ordered.forEachOfUser(userId, scan);
        scan.sink = null;
        return scan.count;
    }

    /** Reused per layout so that a range scan allocates nothing. */
    private final class UserScan implements java.util.function.IntConsumer {
        ReadStateSink sink;
        int count;

        @Override
        public void accept(int s) {
            sink.accept(cols.user(s), cols.channel(s), cols.last(s), cols.mentions(s));
            cur = s;
            moveToFront();
            count++;
        }
    }

    @Override
    public void close() {
        cols.close();
    }
}
