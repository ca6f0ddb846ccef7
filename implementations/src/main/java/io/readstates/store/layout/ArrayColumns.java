package io.readstates.store.layout;

/**
 * Slot columns as parallel Java arrays: a handful of huge, pointer-free arrays that the collector
 * marks in constant time however many states they hold ("reduce pointer density"). 38 bytes per
 * slot plus the index. Allocated at full size by default; {@link #growing} starts small and grows by
 * half again when a slot beyond the end is needed, for layouts whose memory should follow what they
 * hold.
 */
public final class ArrayColumns implements SlotColumns {
    private final int maxSlots;
    private long[] users;
    private long[] channels;
    private long[] lasts;
    private int[] mentions;
    private int[] prevs;
    private int[] nexts;
    private char[] dirty;
    private final int[] index;

    public ArrayColumns(int slots, int indexLength) {
        this(slots, slots, indexLength);
    }

    private ArrayColumns(int initialSlots, int maxSlots, int indexLength) {
        this.maxSlots = maxSlots;
        users = new long[initialSlots];
        channels = new long[initialSlots];
        lasts = new long[initialSlots];
        mentions = new int[initialSlots];
        prevs = new int[initialSlots];
        nexts = new int[initialSlots];
        dirty = new char[initialSlots];
        index = new int[indexLength];
    }

    /** Columns that start at 1024 slots and grow up to {@code maxSlots}; no hash index storage. */
    public static ArrayColumns growing(int maxSlots, int indexLength) {
        return new ArrayColumns(Math.min(maxSlots, 1024), maxSlots, indexLength);
    }

    @Override
    public void ensureSlot(int s) {
        if (s < users.length) {
            return;
        }
        if (s >= maxSlots) {
            throw new IllegalStateException("slot " + s + " beyond the capacity of " + maxSlots);
        }
        int n = (int) Math.min(maxSlots, Math.max(s + 1L, users.length + (users.length >> 1) + 16L));
        users = java.util.Arrays.copyOf(users, n);
        channels = java.util.Arrays.copyOf(channels, n);
        lasts = java.util.Arrays.copyOf(lasts, n);
        mentions = java.util.Arrays.copyOf(mentions, n);
        prevs = java.util.Arrays.copyOf(prevs, n);
        nexts = java.util.Arrays.copyOf(nexts, n);
        dirty = java.util.Arrays.copyOf(dirty, n);
    }

    @Override public int slots() { return users.length; }
    @Override public long user(int s) { return users[s]; }
    @Override public long channel(int s) { return channels[s]; }
    @Override public long last(int s) { return lasts[s]; }
    @Override public int mentions(int s) { return mentions[s]; }
    @Override public int dirty(int s) { return dirty[s]; }
    @Override public int prev(int s) { return prevs[s]; }
    @Override public int next(int s) { return nexts[s]; }

    @Override
    public void setKey(int s, long user, long channel) {
        users[s] = user;
        channels[s] = channel;
    }

    @Override
    public void setState(int s, long last, int mentionCount, int dirtyStamp) {
        lasts[s] = last;
        mentions[s] = mentionCount;
        dirty[s] = (char) dirtyStamp;
    }

    @Override public void setPrev(int s, int v) { prevs[s] = v; }
    @Override public void setNext(int s, int v) { nexts[s] = v; }
    @Override public int indexLength() { return index.length; }
    @Override public int index(int i) { return index[i]; }
    @Override public void setIndex(int i, int v) { index[i] = v; }
    @Override public long offHeapBytes() { return 0; }

    @Override
    public void close() {
    }
}
