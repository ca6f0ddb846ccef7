package io.readstates.store.writebehind;

/**
 * The states in the order they became dirty, so that the write-behind flusher visits only dirty
 * states, oldest first, and stops at the first that is not yet due — instead of sweeping every
 * slot of a cache of tens of millions once per delay. An entry is (user, channel, dirty stamp) in
 * primitive columns: 18 bytes, no object per entry, nothing for a collector to trace.
 *
 * <p>An entry is added when a state turns from clean to dirty; it may go stale (the state was
 * evicted, or written and dirtied again): the flusher writes a state only when it is resident with
 * the very stamp the entry recorded. The queue holds at most the clean-to-dirty transitions of one
 * delay (at 200k writes/s and a 30 s delay, six million entries).
 *
 * <p>Implementation notes: entries live in fixed segments of {@value #SEGMENT} entries chained in
 * order. {@link #add} runs under the store's lock on the operations' path, so the queue must never
 * copy itself there: a full tail segment is followed by a spare one (or, while the queue is still
 * growing, a new one — 72 KB, allocated without touching the entries), and a segment the flusher
 * has emptied becomes a spare. The queue is heap memory in proportion to the writes waiting for
 * their delay (18 bytes each: at 200k writes/s and 10 s, 36 MB), not to the cache's size, and it
 * holds no reference for a collector to trace; the first segment is made by the first write, so an
 * idle store holds none. A steady state therefore allocates nothing and no add costs more
 * than a few stores. (The first version doubled one array: at 10M states a doubling under the lock
 * copied millions of entries and stalled every operation for milliseconds.) Not thread-safe: the
 * engine's lock guards it.
 */
public final class DirtyQueue {
    static final int SEGMENT = 1 << 12;

    private static final class Segment {
        final long[] users = new long[SEGMENT];
        final long[] channels = new long[SEGMENT];
        final short[] stamps = new short[SEGMENT];
        Segment next;
    }

    private Segment head;
    private Segment tail;
    private Segment spare;
    private int headIndex;
    private int tailIndex;
    private long size;
    private int segments;

    public void add(long user, long channel, int stamp) {
        if (tail == null) {
            head = new Segment();
            tail = head;
            segments = 1;
        } else if (tailIndex == SEGMENT) {
            Segment s = spare;
            if (s != null) {
                spare = s.next;
                s.next = null;
            } else {
                s = new Segment();
                segments++;
            }
            tail.next = s;
            tail = s;
            tailIndex = 0;
        }
        tail.users[tailIndex] = user;
        tail.channels[tailIndex] = channel;
        tail.stamps[tailIndex] = (short) stamp;
        tailIndex++;
        size++;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long size() {
        return size;
    }

    public long headUser() {
        return head.users[headIndex];
    }

    public long headChannel() {
        return head.channels[headIndex];
    }

    /** The oldest entry's stamp ({@link DirtyClock}: 1 to 65535). */
    public int headStamp() {
        return Short.toUnsignedInt(head.stamps[headIndex]);
    }

    public void pop() {
        if (size == 0) {
            throw new IllegalStateException("the dirty queue is empty");
        }
        size--;
        headIndex++;
        if (headIndex == SEGMENT && head != tail) {
            Segment emptied = head;
            head = head.next;
            emptied.next = spare;
            spare = emptied;
            headIndex = 0;
        } else if (size == 0) {
            headIndex = 0;
            tailIndex = 0;
        }
    }

    /** Segments allocated so far (each {@value #SEGMENT} entries, 18 bytes each), for footprint accounting and tests. */
    public int segments() {
        return segments;
    }
}
