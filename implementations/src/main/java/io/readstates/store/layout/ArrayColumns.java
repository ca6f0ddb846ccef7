package io.readstates.store.layout;

/**
 * Slot columns as parallel Java arrays: a handful of huge, pointer-free arrays that the collector
 * marks in constant time however many states they hold ("reduce pointer density"). 38 bytes per
 * slot plus the index.
 */
public final class ArrayColumns implements SlotColumns {
    private final long[] users;
    private final long[] channels;
    private final long[] lasts;
    private final int[] mentions;
    private final int[] prevs;
    private final int[] nexts;
    private final char[] dirty;
    private final int[] index;

    public ArrayColumns(int slots, int indexLength) {
        users = new long[slots];
        channels = new long[slots];
        lasts = new long[slots];
        mentions = new int[slots];
        prevs = new int[slots];
        nexts = new int[slots];
        dirty = new char[slots];
        index = new int[indexLength];
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
