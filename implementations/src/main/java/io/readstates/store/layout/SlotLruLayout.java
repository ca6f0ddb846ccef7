package io.readstates.store.layout;

import io.readstates.store.Hashing;
import io.readstates.store.ReadStateSink;

/**
 * An LRU with no object per state: states live in numbered slots of {@link SlotColumns}, the LRU
 * list links slots by int index, a free list recycles evicted slots, and an open-addressing index
 * maps (user, channel) to a slot.
 *
 * <p>Implementation notes.
 * <ul>
 *   <li>Index: linear probing over a table of {@code slot + 1} (0 = empty) at load factor 0.8. The
 *       table length is not a power of two; a hash is mapped onto it with Lemire's multiply-shift
 *       reduction [2], which keeps the index at ~5 bytes per state instead of up to 8.</li>
 *   <li>Deletion uses backward shifting (Knuth's Algorithm R [1]), so the table never holds
 *       tombstones and probe lengths stay those of a table that never saw a deletion.</li>
 *   <li>A free slot has {@code prev == FREE}; sweeps skip it.</li>
 * </ul>
 * References: [1] D. Knuth, TAOCP vol. 3, §6.4, Algorithm R. [2] D. Lemire, "A fast alternative to
 * the modulo reduction", 2016.
 */
public final class SlotLruLayout implements LruLayout {
    static final double LOAD_FACTOR = 0.8;
    private static final int NONE = -1;
    private static final int FREE = -2;

    private final SlotColumns cols;
    private final int capacity;
    private final int indexLength;
    private int head = NONE;
    private int tail = NONE;
    private int cur = NONE;
    private int size;
    private int nextUnused;
    private int freeHead = NONE;

    /** Sizes the index for {@code capacity} states; {@code columns} builds the storage for (slots, index length). */
    public SlotLruLayout(long capacity, ColumnsFactory columns) {
        if (capacity <= 0 || capacity > (long) (Integer.MAX_VALUE * LOAD_FACTOR) - 1) {
            throw new IllegalArgumentException("capacity must be between 1 and "
                    + ((long) (Integer.MAX_VALUE * LOAD_FACTOR) - 1) + " states, got " + capacity
                    + " (use the sharded store for more)");
        }
        this.capacity = (int) capacity;
        this.indexLength = (int) Math.max(2, Math.ceil(capacity / LOAD_FACTOR));
        this.cols = columns.create(this.capacity, indexLength);
    }

    /** Builds column storage. */
    @FunctionalInterface
    public interface ColumnsFactory {
        SlotColumns create(int slots, int indexLength);
    }

    private int home(long userId, long channelId) {
        return (int) (((Hashing.mix(userId, channelId) >>> 32) * indexLength) >>> 32);
    }

    private int nextPos(int i) {
        return i + 1 == indexLength ? 0 : i + 1;
    }

    @Override
    public boolean seek(long userId, long channelId) {
        final SlotColumns c = cols;
        for (int i = home(userId, channelId); ; i = nextPos(i)) {
            int e = c.index(i);
            if (e == 0) {
                return false;
            }
            int s = e - 1;
            if (c.user(s) == userId && c.channel(s) == channelId) {
                cur = s;
                return true;
            }
        }
    }

    @Override
    public void moveToFront() {
        int s = cur;
        if (s == head) {
            return;
        }
        unlink(s);
        linkFront(s);
    }

    private void unlink(int s) {
        int p = cols.prev(s);
        int n = cols.next(s);
        if (p != NONE) {
            cols.setNext(p, n);
        } else {
            head = n;
        }
        if (n != NONE) {
            cols.setPrev(n, p);
        } else {
            tail = p;
        }
    }

    private void linkFront(int s) {
        cols.setPrev(s, NONE);
        cols.setNext(s, head);
        if (head != NONE) {
            cols.setPrev(head, s);
        }
        head = s;
        if (tail == NONE) {
            tail = s;
        }
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
        }
        cols.setKey(s, userId, channelId);
        cols.setState(s, lastMessageId, mentionCount, dirtyStamp);
        int i = home(userId, channelId);
        while (cols.index(i) != 0) {
            i = nextPos(i);
        }
        cols.setIndex(i, s + 1);
        linkFront(s);
        size++;
        cur = s;
    }

    @Override
    public boolean seekEldest() {
        cur = tail;
        return tail != NONE;
    }

    @Override
    public void removeCurrent() {
        int s = cur;
        removeFromIndex(s);
        unlink(s);
        cols.setPrev(s, FREE);
        cols.setNext(s, freeHead);
        freeHead = s;
        size--;
        cur = NONE;
    }

    private void removeFromIndex(int s) {
        int i = home(cols.user(s), cols.channel(s));
        while (cols.index(i) != s + 1) {
            i = nextPos(i);
        }
        while (true) {
            cols.setIndex(i, 0);
            int j = i;
            while (true) {
                j = nextPos(j);
                int e = cols.index(j);
                if (e == 0) {
                    return;
                }
                int k = home(cols.user(e - 1), cols.channel(e - 1));
                boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
                if (!stays) {
                    cols.setIndex(i, e);
                    i = j;
                    break;
                }
            }
        }
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
        for (int s = head; s != NONE; s = cols.next(s)) {
            sink.accept(cols.user(s), cols.channel(s), cols.last(s), cols.mentions(s));
        }
    }

    @Override
    public long offHeapBytes() {
        return cols.offHeapBytes();
    }

    @Override
    public void checkInvariants() {
        int listed = 0;
        int prev = NONE;
        for (int s = head; s != NONE; s = cols.next(s)) {
            if (cols.prev(s) != prev) {
                throw new IllegalStateException("LRU back link broken at slot " + s);
            }
            int saved = cur;
            if (!seek(cols.user(s), cols.channel(s)) || cur != s) {
                throw new IllegalStateException("listed slot " + s + " is not found through the index");
            }
            cur = saved;
            prev = s;
            if (++listed > size) {
                throw new IllegalStateException("LRU list is longer than size " + size + " (cycle?)");
            }
        }
        if (prev != tail) {
            throw new IllegalStateException("LRU tail " + tail + " does not end the list (last " + prev + ")");
        }
        int indexed = 0;
        for (int i = 0; i < indexLength; i++) {
            if (cols.index(i) != 0) {
                indexed++;
            }
        }
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
    public void close() {
        cols.close();
    }
}
