package io.readstates.store.writebehind;

/**
 * The states in the order they became dirty, so that the write-behind flusher visits only dirty
 * states, oldest first, and stops at the first that is not yet due — instead of sweeping every
 * slot of a cache of tens of millions once per delay, which on a small machine takes a core's time
 * away from the operations. An entry is (user, channel, dirty stamp) in primitive columns: 18
 * bytes, no object per entry, nothing for a collector to trace.
 *
 * <p>An entry is added when a state turns from clean to dirty; it may go stale (the state was
 * evicted, or written and dirtied again): the flusher writes a state only when it is resident with
 * the very stamp the entry recorded. The queue holds at most the clean-to-dirty transitions of one
 * delay; it grows by doubling (at warm-up) and never shrinks, so a steady state allocates nothing.
 * Not thread-safe: the engine's lock guards it.
 */
public final class DirtyQueue {
    private long[] users;
    private long[] channels;
    private short[] stamps;
    private int head;
    private int size;

    public DirtyQueue(int initialCapacity) {
        int n = Math.max(16, initialCapacity);
        users = new long[n];
        channels = new long[n];
        stamps = new short[n];
    }

    public void add(long user, long channel, int stamp) {
        if (size == users.length) {
            grow();
        }
        int at = (head + size) % users.length;
        users[at] = user;
        channels[at] = channel;
        stamps[at] = (short) stamp;
        size++;
    }

    private void grow() {
        int n = users.length;
        long[] u = new long[n * 2];
        long[] c = new long[n * 2];
        short[] s = new short[n * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % n;
            u[i] = users[from];
            c[i] = channels[from];
            s[i] = stamps[from];
        }
        users = u;
        channels = c;
        stamps = s;
        head = 0;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    public long headUser() {
        return users[head];
    }

    public long headChannel() {
        return channels[head];
    }

    /** The oldest entry's stamp ({@link DirtyClock}: 1 to 65535). */
    public int headStamp() {
        return Short.toUnsignedInt(stamps[head]);
    }

    public void pop() {
        if (size == 0) {
            throw new IllegalStateException("the dirty queue is empty");
        }
        head = (head + 1) % users.length;
        size--;
    }

    /** Slots allocated (for footprint accounting). */
    public int capacity() {
        return users.length;
    }
}
